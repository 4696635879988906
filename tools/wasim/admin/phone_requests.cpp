#include "tools/wasim/admin/phone_requests.hpp"

#include "common/util/json_fields.hpp"
#include "common/util/base64.hpp"
#include "tools/wasim/handlers/stanzas.hpp"
#include "tools/wasim/phone/phone_media.hpp"
#include "tools/wasim/phone/phone_messaging.hpp"

namespace wagw::wasim {
namespace {

namespace message = wa::message;

Error invalid(const std::string& what) { return Error{"invalid_field", what}; }

// {"type": "image|video|audio|document|sticker", "data_base64", "mimetype", ["caption"], ["file_name"], ["ptt"]}:
// the file is encrypted and stored in the media store, then sent like any media message.
Result<message::Content> media_content(SimulatorContext& context, const nlohmann::json& media) {
    auto type = json_fields::string_at(media, "type");
    auto data = json_fields::string_at(media, "data_base64");
    auto mimetype = json_fields::string_at(media, "mimetype");
    if (!type || !data || !mimetype) return invalid("\"media\" needs \"type\", \"data_base64\" and \"mimetype\"");
    auto caption = json_fields::string_or(media, "caption", {});
    if (!caption) return invalid("\"media.caption\" must be a string");
    auto file_name = json_fields::string_or(media, "file_name", {});
    if (!file_name) return invalid("\"media.file_name\" must be a string");
    auto ptt = json_fields::bool_or(media, "ptt", false);
    if (!ptt) return invalid("\"media.ptt\" must be true or false");
    auto kind = wa::media::media_kind_from_name(*type);
    if (!kind || (*kind != wa::media::MediaKind::Image && *kind != wa::media::MediaKind::Video &&
                  *kind != wa::media::MediaKind::Audio && *kind != wa::media::MediaKind::Document &&
                  *kind != wa::media::MediaKind::Sticker))
        return invalid("\"media.type\" is one of image, video, audio, document, sticker");
    auto file = util::base64_decode(*data);
    if (!file) return invalid("\"media.data_base64\" is not base64");
    if (file->empty()) return invalid("\"media.data_base64\" is empty");
    PhoneMediaRequest request{*kind, *mimetype, *caption, *file_name, *ptt};
    auto uploaded = phone_upload_media(context, request, *file);
    if (!uploaded) return uploaded.error();
    return message::Content{std::move(*uploaded)};
}

// What the body asks the phone to say; `chat` is the recipient's chat as the phone sees it.
Result<message::Content> content_of(SimulatorContext& context, const nlohmann::json& body, const std::string& chat) {
    if (json_fields::has(body, "media")) {
        auto media = json_fields::object_at(body, "media");
        if (!media) return invalid("\"media\" must be {\"type\", \"data_base64\", \"mimetype\", ...}");
        return media_content(context, *media);
    }
    if (json_fields::has(body, "text")) {
        auto text = json_fields::string_at(body, "text");
        if (!text) return invalid("\"text\" must be a string");
        return message::Content{message::Text{std::move(*text), std::nullopt, {}, {}, {}}};
    }
    if (json_fields::has(body, "reaction")) {
        auto reaction = json_fields::object_at(body, "reaction");
        if (!reaction) return invalid("\"reaction\" must be {\"id\", \"emoji\", \"from_me\"}");
        auto id = json_fields::string_at(*reaction, "id");
        auto emoji = json_fields::string_at(*reaction, "emoji");
        if (!id || !emoji) return invalid("\"reaction\" needs \"id\" and \"emoji\"");
        auto from_me = json_fields::bool_or(*reaction, "from_me", false);
        if (!from_me) return invalid("\"reaction.from_me\" must be true or false");
        const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count();
        return message::Content{message::Reaction{{chat, *id, *from_me, {}}, *emoji, now_ms}};
    }
    if (json_fields::has(body, "revoke")) {
        auto revoke = json_fields::string_at(body, "revoke");
        if (!revoke) return invalid("\"revoke\" must be the id of a message the phone sent");
        return message::Content{message::Revoke{{chat, std::move(*revoke), true, {}}}};
    }
    return invalid("say what to send: \"text\", \"media\", \"reaction\" or \"revoke\"");
}

}  // namespace

Result<nlohmann::json> send_from_phone(SimulatorContext& context, Account& phone, const nlohmann::json& body) {
    auto to = json_fields::string_at(body, "to");
    if (!to) return to.error();
    std::string digits = *to;
    if (auto at = digits.find('@'); at != std::string::npos) digits.resize(at);
    if (!digits.empty() && digits.front() == '+') digits.erase(0, 1);
    auto content = content_of(context, body, pn_jid(digits).to_string());
    if (!content) return content.error();
    auto id = phone_send(context, phone, digits, *content);
    if (!id) return id.error();
    return nlohmann::json{{"id", *id}, {"to", digits}};
}

Result<nlohmann::json> read_on_phone(SimulatorContext& context, Account& phone, const nlohmann::json& body) {
    auto ids = json_fields::strings_at(body, "ids");
    if (!ids) return invalid("\"ids\": a non-empty list of message ids");
    if (auto read = phone_mark_read(context, phone, *ids); !read) return read.error();
    return nlohmann::json{{"read", ids->size()}};
}

nlohmann::json phone_inbox_view(const SimulatorContext& context, const Account& phone) {
    nlohmann::json list = nlohmann::json::array();
    for (const PhoneInboxEntry& entry : context.phone_inbox.entries(phone.phone)) {
        nlohmann::json view{{"id", entry.id},          {"from", entry.from},       {"from_phone", entry.from_phone},
                            {"type", entry.type},      {"enc_type", entry.enc_type}, {"t", entry.t},
                            {"decrypted", entry.decrypted}, {"kind", entry.kind},   {"text", entry.text},
                            {"media_sha256", entry.media_sha256}, {"target_id", entry.target_id}};
        if (!entry.error.empty()) view["error"] = entry.error;
        list.push_back(std::move(view));
    }
    return list;
}

}  // namespace wagw::wasim
