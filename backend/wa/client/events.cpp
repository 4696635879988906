#include "backend/wa/client/events.hpp"

#include <nlohmann/json.hpp>

namespace wagw::wa::client {
namespace {

using Json = nlohmann::ordered_json;  // fields stay in the order written here

void add_reason(Json& out, const DisconnectReason& reason) {
    out["reason"] = std::string(kind_name(reason.kind));
    out["code"] = reason.code;
    out["message"] = reason.message;
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

Json ref_json(const message::MessageRef& ref) {
    return {{"chat", ref.chat}, {"id", ref.id}, {"from_me", ref.from_me}, {"participant", ref.participant}};
}

// The typed content as JSON; hashes are shown (they identify the file), media keys never are.
Json content_json(const message::Content& content) {
    Json out = Json::object();
    auto reply_json = [](const std::optional<message::Reply>& reply) {
        return reply ? Json{{"quoted", ref_json(reply->quoted)}, {"quoted_text", reply->quoted_text}}
                     : Json(nullptr);
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
    return out;
}

template <class... Visitors>
struct Overloaded : Visitors... {
    using Visitors::operator()...;
};

}  // namespace

// Built with nlohmann, never by pasting strings: ids, names and error texts come from peers. Bytes that are
// not UTF-8 become U+FFFD rather than an exception.
std::string to_json(const ClientEvent& event) {
    const Json out = std::visit(
        Overloaded{
            [](const QrCode& e) -> Json {
                return {
                    {"event", "qr"}, {"code", e.code}, {"index", e.index}, {"valid_for_ms", e.valid_for_ms}};
            },
            [](const LinkCode& e) -> Json {
                return {{"event", "link_code"}, {"code", e.code}};
            },
            [](const QrTimeout&) -> Json {
                return {{"event", "qr_timeout"}};
            },
            [](const PairSuccess& e) -> Json {
                return {{"event", "pair_success"}, {"jid", e.jid}, {"lid", e.lid}, {"platform", e.platform}};
            },
            [](const PairError& e) -> Json {
                return {{"event", "pair_error"}, {"code", e.code}, {"message", e.message}};
            },
            [](const Connected& e) -> Json {
                return {{"event", "connected"}, {"jid", e.jid}, {"lid", e.lid}};
            },
            [](const OfflineSyncCompleted& e) -> Json {
                return {{"event", "offline_sync_completed"}, {"count", e.count}};
            },
            [](const PreKeysUploaded& e) -> Json {
                return {{"event", "pre_keys_uploaded"}, {"count", e.count}};
            },
            [](const SignedPreKeyRotated& e) -> Json {
                return {{"event", "signed_pre_key_rotated"}, {"id", e.id}};
            },
            [](const LoggedOut& e) {
                Json out{{"event", "logged_out"}};
                add_reason(out, e.reason);
                return out;
            },
            [](const MessageReceived& e) -> Json {
                return {{"event", "message"},       {"id", e.id},
                        {"chat", e.chat},           {"sender_device", e.sender_device},
                        {"push_name", e.push_name}, {"timestamp", e.timestamp},
                        {"kind", e.kind},           {"text", e.text},
                        {"from_me", e.from_me},     {"content", content_json(e.content)}};
            },
            [](const MessageUndecryptable& e) -> Json {
                return {{"event", "message_undecryptable"},
                        {"id", e.id},
                        {"sender_device", e.sender_device},
                        {"error", e.error},
                        {"retry_count", e.retry_count}};
            },
            [](const MessageResent& e) -> Json {
                return {{"event", "message_resent"}, {"id", e.id}, {"device", e.device}, {"count", e.count}};
            },
            [](const PresenceChanged& e) -> Json {
                return {{"event", "presence"},
                        {"from", e.from},
                        {"available", e.available},
                        {"last_seen", e.last_seen}};
            },
            [](const ChatStateChanged& e) -> Json {
                return {{"event", "chat_state"}, {"chat", e.chat}, {"sender", e.sender}, {"state", e.state}};
            },
            [](const GroupInfoChanged& e) {
                Json out{{"event", "group_info"}, {"group", e.group}, {"author", e.author}};
                if (e.subject) out["subject"] = *e.subject;
                if (e.description) out["description"] = *e.description;
                return out;
            },
            [](const ReceiptReceived& e) -> Json {
                return {{"event", "receipt"}, {"ids", e.ids}, {"from", e.from}, {"type", e.type}};
            },
            [](const GroupParticipantsChanged& e) -> Json {
                return {{"event", "group_participants"},
                        {"group", e.group},
                        {"author", e.author},
                        {"action", e.action},
                        {"members", e.members}};
            },
            [](const Disconnected& e) {
                Json out{{"event", "disconnected"}};
                add_reason(out, e.reason);
                out["will_reconnect"] = e.will_reconnect;
                out["retry_in_ms"] = e.retry_in_ms;
                return out;
            },
        },
        event);
    return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace wagw::wa::client
