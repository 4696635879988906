#include "backend/wa/client/events.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace wagw::wa::client {
namespace {

std::string json_string(std::string_view text) {
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
    return ",\"reason\":" + json_string(kind_name(reason.kind)) + ",\"code\":" + json_string(reason.code) +
           ",\"message\":" + json_string(reason.message);
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 15];
    }
    return out;
}

nlohmann::json ref_json(const message::MessageRef& ref) {
    return {{"chat", ref.chat}, {"id", ref.id}, {"from_me", ref.from_me}, {"participant", ref.participant}};
}

// The typed content as JSON; hashes are shown (they identify the file), media keys never are.
std::string content_json(const message::Content& content) {
    nlohmann::json out = nlohmann::json::object();
    auto reply_json = [](const std::optional<message::Reply>& reply) {
        return reply ? nlohmann::json{{"quoted", ref_json(reply->quoted)}, {"quoted_text", reply->quoted_text}}
                     : nlohmann::json(nullptr);
    };
    if (const auto* text = std::get_if<message::Text>(&content)) {
        out = {{"text", text->text}, {"mentions", text->mentions}, {"reply", reply_json(text->reply)},
               {"link_title", text->link_title}, {"link_description", text->link_description}};
    } else if (const auto* media = std::get_if<message::Media>(&content)) {
        out = {{"media_kind", std::string(media::kind_name(media->kind))}, {"voice_note", media->voice_note},
               {"mimetype", media->mimetype}, {"caption", media->caption}, {"file_name", media->file_name},
               {"url", media->url}, {"direct_path", media->direct_path}, {"file_length", media->file_length},
               {"file_sha256", hex(media->file_sha256)}, {"seconds", media->seconds}, {"width", media->width},
               {"height", media->height}, {"reply", reply_json(media->reply)}};
    } else if (const auto* location = std::get_if<message::Location>(&content)) {
        out = {{"latitude", location->latitude}, {"longitude", location->longitude}, {"name", location->name},
               {"address", location->address}};
    } else if (const auto* card = std::get_if<message::ContactCard>(&content)) {
        out = {{"display_name", card->display_name}, {"vcard", card->vcard}};
    } else if (const auto* reaction = std::get_if<message::Reaction>(&content)) {
        out = {{"target", ref_json(reaction->target)}, {"emoji", reaction->emoji}};
    } else if (const auto* edit = std::get_if<message::Edit>(&content)) {
        out = {{"target", ref_json(edit->target)}, {"text", edit->text}};
    } else if (const auto* revoke = std::get_if<message::Revoke>(&content)) {
        out = {{"target", ref_json(revoke->target)}};
    } else if (const auto* poll = std::get_if<message::Poll>(&content)) {
        out = {{"question", poll->question}, {"options", poll->options},
               {"selectable_count", poll->selectable_count}};
    } else if (const auto* other = std::get_if<message::Unsupported>(&content)) {
        out = {{"unsupported", other->kind}};
    }
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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
                return "{\"event\":\"qr\",\"code\":" + json_string(e.code) +
                       ",\"index\":" + std::to_string(e.index) +
                       ",\"valid_for_ms\":" + std::to_string(e.valid_for_ms) + "}";
            },
            [](const LinkCode& e) {
                return "{\"event\":\"link_code\",\"code\":" + json_string(e.code) + "}";
            },
            [](const QrTimeout&) { return std::string("{\"event\":\"qr_timeout\"}"); },
            [](const PairSuccess& e) {
                return "{\"event\":\"pair_success\",\"jid\":" + json_string(e.jid) + ",\"lid\":" + json_string(e.lid) +
                       ",\"platform\":" + json_string(e.platform) + "}";
            },
            [](const PairError& e) {
                return "{\"event\":\"pair_error\",\"code\":" + json_string(e.code) +
                       ",\"message\":" + json_string(e.message) + "}";
            },
            [](const Connected& e) {
                return "{\"event\":\"connected\",\"jid\":" + json_string(e.jid) + ",\"lid\":" + json_string(e.lid) +
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
                return "{\"event\":\"message\",\"id\":" + json_string(e.id) + ",\"chat\":" + json_string(e.chat) +
                       ",\"sender_device\":" + json_string(e.sender_device) +
                       ",\"push_name\":" + json_string(e.push_name) +
                       ",\"timestamp\":" + std::to_string(e.timestamp) + ",\"kind\":" + json_string(e.kind) +
                       ",\"text\":" + json_string(e.text) + ",\"from_me\":" + (e.from_me ? "true" : "false") +
                       ",\"content\":" + content_json(e.content) + "}";
            },
            [](const MessageUndecryptable& e) {
                return "{\"event\":\"message_undecryptable\",\"id\":" + json_string(e.id) +
                       ",\"sender_device\":" + json_string(e.sender_device) + ",\"error\":" + json_string(e.error) +
                       ",\"retry_count\":" + std::to_string(e.retry_count) + "}";
            },
            [](const MessageResent& e) {
                return "{\"event\":\"message_resent\",\"id\":" + json_string(e.id) +
                       ",\"device\":" + json_string(e.device) + ",\"count\":" + std::to_string(e.count) + "}";
            },
            [](const PresenceChanged& e) {
                return "{\"event\":\"presence\",\"from\":" + json_string(e.from) +
                       ",\"available\":" + (e.available ? "true" : "false") +
                       ",\"last_seen\":" + std::to_string(e.last_seen) + "}";
            },
            [](const ChatStateChanged& e) {
                return "{\"event\":\"chat_state\",\"chat\":" + json_string(e.chat) +
                       ",\"sender\":" + json_string(e.sender) + ",\"state\":" + json_string(e.state) + "}";
            },
            [](const GroupInfoChanged& e) {
                std::string out = "{\"event\":\"group_info\",\"group\":" + json_string(e.group) +
                                  ",\"author\":" + json_string(e.author);
                if (e.subject) out += ",\"subject\":" + json_string(*e.subject);
                if (e.description) out += ",\"description\":" + json_string(*e.description);
                return out + "}";
            },
            [](const ReceiptReceived& e) {
                std::string ids;
                for (const auto& id : e.ids) ids += (ids.empty() ? "" : ",") + json_string(id);
                return "{\"event\":\"receipt\",\"ids\":[" + ids + "],\"from\":" + json_string(e.from) +
                       ",\"type\":" + json_string(e.type) + "}";
            },
            [](const GroupParticipantsChanged& e) {
                std::string members;
                for (const auto& m : e.members) members += (members.empty() ? "" : ",") + json_string(m);
                return "{\"event\":\"group_participants\",\"group\":" + json_string(e.group) +
                       ",\"author\":" + json_string(e.author) + ",\"action\":" + json_string(e.action) +
                       ",\"members\":[" + members + "]}";
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
