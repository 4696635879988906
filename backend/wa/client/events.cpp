#include "backend/wa/client/events.hpp"

#include <cstdio>

namespace wagw::wa::client {
namespace {

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string reason_fields(const DisconnectReason& reason) {
    return ",\"reason\":" + quoted(kind_name(reason.kind)) + ",\"code\":" + quoted(reason.code) +
           ",\"message\":" + quoted(reason.message);
}

template <class... Visitors>
struct Overloaded : Visitors... {
    using Visitors::operator()...;
};

}  // namespace

std::string to_json(const ClientEvent& event) {
    return std::visit(
        Overloaded{
            [](const QrCode& e) {
                return "{\"event\":\"qr\",\"code\":" + quoted(e.code) +
                       ",\"index\":" + std::to_string(e.index) +
                       ",\"valid_for_ms\":" + std::to_string(e.valid_for_ms) + "}";
            },
            [](const QrTimeout&) { return std::string("{\"event\":\"qr_timeout\"}"); },
            [](const PairSuccess& e) {
                return "{\"event\":\"pair_success\",\"jid\":" + quoted(e.jid) + ",\"lid\":" + quoted(e.lid) +
                       ",\"platform\":" + quoted(e.platform) + "}";
            },
            [](const PairError& e) {
                return "{\"event\":\"pair_error\",\"code\":" + quoted(e.code) +
                       ",\"message\":" + quoted(e.message) + "}";
            },
            [](const Connected& e) {
                return "{\"event\":\"connected\",\"jid\":" + quoted(e.jid) + ",\"lid\":" + quoted(e.lid) +
                       "}";
            },
            [](const OfflineSyncCompleted& e) {
                return "{\"event\":\"offline_sync_completed\",\"count\":" + std::to_string(e.count) + "}";
            },
            [](const PreKeysUploaded& e) {
                return "{\"event\":\"pre_keys_uploaded\",\"count\":" + std::to_string(e.count) + "}";
            },
            [](const SignedPreKeyRotated& e) {
                return "{\"event\":\"signed_pre_key_rotated\",\"id\":" + std::to_string(e.id) + "}";
            },
            [](const LoggedOut& e) { return "{\"event\":\"logged_out\"" + reason_fields(e.reason) + "}"; },
            [](const MessageReceived& e) {
                return "{\"event\":\"message\",\"id\":" + quoted(e.id) + ",\"chat\":" + quoted(e.chat) +
                       ",\"sender_device\":" + quoted(e.sender_device) +
                       ",\"push_name\":" + quoted(e.push_name) +
                       ",\"timestamp\":" + std::to_string(e.timestamp) + ",\"kind\":" + quoted(e.kind) +
                       ",\"text\":" + quoted(e.text) + ",\"from_me\":" + (e.from_me ? "true" : "false") + "}";
            },
            [](const MessageUndecryptable& e) {
                return "{\"event\":\"message_undecryptable\",\"id\":" + quoted(e.id) +
                       ",\"sender_device\":" + quoted(e.sender_device) + ",\"error\":" + quoted(e.error) +
                       "}";
            },
            [](const ReceiptReceived& e) {
                std::string ids;
                for (const auto& id : e.ids) ids += (ids.empty() ? "" : ",") + quoted(id);
                return "{\"event\":\"receipt\",\"ids\":[" + ids + "],\"from\":" + quoted(e.from) +
                       ",\"type\":" + quoted(e.type) + "}";
            },
            [](const Disconnected& e) {
                return "{\"event\":\"disconnected\"" + reason_fields(e.reason) +
                       ",\"will_reconnect\":" + (e.will_reconnect ? "true" : "false") +
                       ",\"retry_in_ms\":" + std::to_string(e.retry_in_ms) + "}";
            },
        },
        event);
}

}  // namespace wagw::wa::client
