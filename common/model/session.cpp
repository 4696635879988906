#include "common/model/session.hpp"

#include <array>
#include <utility>

#include "common/util/json_fields.hpp"

namespace wagw::model {
namespace {

constexpr std::array<std::pair<SessionState, std::string_view>, 9> kStateNames{{
    {SessionState::stopped, "stopped"},
    {SessionState::starting, "starting"},
    {SessionState::scan_qr, "scan_qr"},
    {SessionState::pairing_code, "pairing_code"},
    {SessionState::connecting, "connecting"},
    {SessionState::connected, "connected"},
    {SessionState::reconnecting, "reconnecting"},
    {SessionState::logged_out, "logged_out"},
    {SessionState::failed, "failed"},
}};

}  // namespace

std::string_view state_name(SessionState state) {
    for (const auto& [value, name] : kStateNames) {
        if (value == state) return name;
    }
    return "stopped";
}

std::optional<SessionState> state_from_name(std::string_view name) {
    for (const auto& [value, text] : kStateNames) {
        if (text == name) return value;
    }
    return std::nullopt;
}

bool is_running_state(SessionState state) {
    switch (state) {
        case SessionState::starting:
        case SessionState::scan_qr:
        case SessionState::pairing_code:
        case SessionState::connecting:
        case SessionState::connected:
        case SessionState::reconnecting:
            return true;
        case SessionState::stopped:
        case SessionState::logged_out:
        case SessionState::failed:
            return false;
    }
    return false;
}

nlohmann::json to_json(const Session& session) {
    return {{"id", session.id},
            {"name", session.name},
            {"state", state_name(session.state)},
            {"state_reason", session.state_reason},
            {"desired_running", session.desired_running},
            {"jid", session.jid},
            {"phone", session.phone},
            {"push_name", session.push_name},
            {"created_at", session.created_at},
            {"updated_at", session.updated_at}};
}

Result<Session> session_from_json(const nlohmann::json& json) {
    Session session;
    auto id = json_fields::string_at(json, "id");
    if (!id) return id.error();
    auto name = json_fields::string_at(json, "name");
    if (!name) return name.error();
    auto state = json_fields::string_at(json, "state");
    if (!state) return state.error();
    auto parsed_state = state_from_name(*state);
    if (!parsed_state) return Error{"invalid_field", "field \"state\" names no session state: " + *state};
    auto reason = json_fields::string_or(json, "state_reason", {});
    auto desired = json_fields::bool_or(json, "desired_running", false);
    auto jid = json_fields::string_or(json, "jid", {});
    auto phone = json_fields::string_or(json, "phone", {});
    auto push_name = json_fields::string_or(json, "push_name", {});
    auto created = json_fields::int_or(json, "created_at", 0);
    auto updated = json_fields::int_or(json, "updated_at", 0);
    for (const Error* error : {reason ? nullptr : &reason.error(), desired ? nullptr : &desired.error(),
                               jid ? nullptr : &jid.error(), phone ? nullptr : &phone.error(),
                               push_name ? nullptr : &push_name.error(), created ? nullptr : &created.error(),
                               updated ? nullptr : &updated.error()}) {
        if (error) return *error;
    }
    session.id = std::move(*id);
    session.name = std::move(*name);
    session.state = *parsed_state;
    session.state_reason = std::move(*reason);
    session.desired_running = *desired;
    session.jid = std::move(*jid);
    session.phone = std::move(*phone);
    session.push_name = std::move(*push_name);
    session.created_at = *created;
    session.updated_at = *updated;
    return session;
}

nlohmann::json to_json(const SessionTransition& transition) {
    return {
        {"at_ms", transition.at_ms}, {"state", state_name(transition.state)}, {"reason", transition.reason}};
}

Status check_session_name(std::string_view name) {
    if (name.empty() || name.size() > 64)
        return Error{"invalid_field", "field \"name\" must be 1 to 64 characters long"};
    bool only_spaces = true;
    for (char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f)
            return Error{"invalid_field", "field \"name\" must not contain control characters"};
        if (c != ' ') only_spaces = false;
    }
    if (only_spaces) return Error{"invalid_field", "field \"name\" must not be only spaces"};
    return ok_status();
}

}  // namespace wagw::model
