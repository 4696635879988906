#include "backend/wa/client/disconnect_reason.hpp"

#include <charconv>

namespace wagw::wa::client {
namespace {

int number_or_zero(const std::string* text) {
    if (text == nullptr) return 0;
    int value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    return (ec == std::errc() && end == text->data() + text->size()) ? value : 0;
}

DisconnectReason make(DisconnectKind kind, std::string code, std::string message) {
    return DisconnectReason{kind, std::move(code), std::move(message)};
}

}  // namespace

bool DisconnectReason::should_reconnect() const {
    switch (kind) {
        case DisconnectKind::restart_required:
        case DisconnectKind::server_error:
        case DisconnectKind::server_closed:
        case DisconnectKind::connection_lost:
        case DisconnectKind::unknown_stream_error:
            return true;
        default:
            return false;
    }
}

std::string_view kind_name(DisconnectKind kind) {
    switch (kind) {
        case DisconnectKind::restart_required:
            return "restart_required";
        case DisconnectKind::logged_out:
            return "logged_out";
        case DisconnectKind::replaced:
            return "replaced";
        case DisconnectKind::banned:
            return "banned";
        case DisconnectKind::client_outdated:
            return "client_outdated";
        case DisconnectKind::bad_user_agent:
            return "bad_user_agent";
        case DisconnectKind::server_error:
            return "server_error";
        case DisconnectKind::server_closed:
            return "server_closed";
        case DisconnectKind::connection_lost:
            return "connection_lost";
        case DisconnectKind::handshake_failed:
            return "handshake_failed";
        case DisconnectKind::qr_timeout:
            return "qr_timeout";
        case DisconnectKind::user_request:
            return "user_request";
        case DisconnectKind::unknown_stream_error:
            return "unknown_stream_error";
    }
    return "unknown";
}

DisconnectReason reason_from_stream_error(const binary::Node& node) {
    const std::string* code_text = node.attr_text("code");
    std::string code = code_text ? *code_text : "";
    // The conflict child decides before the code: 401 with device_removed and a bare "replaced" both carry
    // one.
    if (const binary::Node* conflict = node.child("conflict")) {
        const std::string* type = conflict->attr_text("type");
        std::string conflict_type = type ? *type : "";
        if (conflict_type == "replaced") {
            return make(DisconnectKind::replaced, code.empty() ? "440" : code,
                        "another connection with the same credentials replaced this one");
        }
        if (conflict_type == "device_removed") {
            return make(DisconnectKind::logged_out, code.empty() ? "401" : code,
                        "this device was removed from the account (unlinked on the phone or logged out)");
        }
        return make(DisconnectKind::unknown_stream_error, code, "stream conflict \"" + conflict_type + "\"");
    }
    int number = number_or_zero(code_text);
    if (number == 515)
        return make(DisconnectKind::restart_required, code, "server asked for a restart (515)");
    if (number == 401)
        return make(DisconnectKind::logged_out, code, "the server says this device is logged out");
    if (number >= 500 && number < 600) {
        return make(DisconnectKind::server_error, code, "server error " + code + "; will retry");
    }
    if (node.child("ack") != nullptr) {
        return make(DisconnectKind::unknown_stream_error, code,
                    "server closed the stream over an unacknowledged stanza");
    }
    return make(DisconnectKind::unknown_stream_error, code,
                "stream error " + (code.empty() ? "(no code)" : code));
}

DisconnectReason reason_from_failure(const binary::Node& node) {
    const std::string* reason_text = node.attr_text("reason");
    std::string reason = reason_text ? *reason_text : "";
    switch (number_or_zero(reason_text)) {
        case 401:
            return make(DisconnectKind::logged_out, reason, "login refused: this device is no longer linked");
        case 403:
            return make(DisconnectKind::logged_out, reason,
                        "login refused: the account is locked or the main device is gone");
        case 406:
            return make(DisconnectKind::banned, reason, "login refused: the account is banned");
        case 402: {
            const std::string* expire = node.attr_text("expire");
            return make(DisconnectKind::banned, reason,
                        "temporarily banned" + (expire ? " for " + *expire + " s" : std::string()));
        }
        case 405:
            return make(DisconnectKind::client_outdated, reason, "client version is outdated; update wagw");
        case 409:
            return make(DisconnectKind::bad_user_agent, reason, "the server rejected our user agent");
        default:
            break;
    }
    int number = number_or_zero(reason_text);
    if (number >= 500 && number < 600) {
        return make(DisconnectKind::server_error, reason, "server error " + reason + " at login; will retry");
    }
    return make(DisconnectKind::unknown_stream_error, reason,
                "login failed with reason " + (reason.empty() ? "(none)" : reason));
}

}  // namespace wagw::wa::client
