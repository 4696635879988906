#include "common/model/events.hpp"

#include <algorithm>
#include <array>

#include "common/util/json_fields.hpp"

namespace wagw::model {
namespace {

// Append a type here when something starts publishing it (webhooks refuse types they cannot ever receive).
constexpr std::array<std::string_view, 15> kKnownTypes{
    "session.state",      "session.qr",     "session.pairing_code", "message.received", "message.sent",
    "message.status",     "message.edited", "message.revoked",      "group.created",    "group.updated",
    "group.participants", "presence",       "campaign.progress",    "webhook.ping",     "assistant.reply",
};

}  // namespace

nlohmann::json to_json(const EventEnvelope& event) {
    nlohmann::json json;
    json["id"] = event.id == 0 ? nlohmann::json(nullptr) : nlohmann::json(event.id);
    json["time"] = event.at_ms;
    json["type"] = event.type;
    json["session"] = event.session.empty() ? nlohmann::json(nullptr) : nlohmann::json(event.session);
    json["payload"] = event.data;
    return json;
}

Result<EventEnvelope> event_from_json(const nlohmann::json& json) {
    auto type = json_fields::string_at(json, "type");
    if (!type) return type.error();
    auto time = json_fields::int_at(json, "time");
    if (!time) return time.error();
    auto payload = json_fields::object_at(json, "payload");
    if (!payload) return payload.error();
    EventEnvelope event{std::move(*type), *time, std::move(*payload)};
    if (!json.is_object() || !json.contains("id")) return Error{"missing_field", "id is missing"};
    if (const auto& id = json.at("id"); id.is_number_unsigned()) {
        event.id = id.get<std::uint64_t>();
    } else if (!id.is_null()) {
        return Error{"invalid_field", "id must be a positive integer or null"};
    }
    auto session = json_fields::string_or(json, "session", "");
    if (!session) return session.error();
    event.session = std::move(*session);
    return event;
}

std::span<const std::string_view> known_event_types() {
    return kKnownTypes;
}

bool is_valid_event_filter(std::string_view entry) {
    if (entry == "*") return true;
    if (entry.ends_with(".*")) {
        const auto prefix = entry.substr(0, entry.size() - 1);  // keeps the dot
        return std::any_of(kKnownTypes.begin(), kKnownTypes.end(),
                           [&](std::string_view type) { return type.starts_with(prefix); });
    }
    return std::find(kKnownTypes.begin(), kKnownTypes.end(), entry) != kKnownTypes.end();
}

bool event_type_matches(std::string_view filter_entry, std::string_view type) {
    if (filter_entry == "*") return true;
    if (filter_entry.ends_with(".*"))
        return type.starts_with(filter_entry.substr(0, filter_entry.size() - 1));
    return filter_entry == type;
}

bool EventFilter::matches(const EventEnvelope& event) const {
    if (!sessions.empty() && std::find(sessions.begin(), sessions.end(), event.session) == sessions.end())
        return false;
    if (types.empty()) return true;
    return std::any_of(types.begin(), types.end(),
                       [&](const std::string& entry) { return event_type_matches(entry, event.type); });
}

EventEnvelope make_hello_event(const HelloEvent& hello, std::int64_t at_ms) {
    return {
        kHelloEventType,
        at_ms,
        {{"version", hello.version}, {"uptime_s", hello.uptime_s}, {"last_event_id", hello.last_event_id}}};
}

Result<HelloEvent> hello_from_event(const EventEnvelope& event) {
    if (event.type != kHelloEventType) return Error{"unexpected_event", "expected a hello event"};
    auto version = json_fields::string_at(event.data, "version");
    if (!version) return version.error();
    auto uptime = json_fields::int_at(event.data, "uptime_s");
    if (!uptime) return uptime.error();
    auto last = json_fields::int_or(event.data, "last_event_id", 0);
    if (!last) return last.error();
    return HelloEvent{std::move(*version), *uptime,
                      static_cast<std::uint64_t>(std::max<std::int64_t>(0, *last))};
}

}  // namespace wagw::model
