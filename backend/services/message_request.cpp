#include "backend/services/message_request.hpp"

#include <set>

#include "common/phone/phone_number.hpp"
#include "common/util/base64.hpp"
#include "common/util/json_fields.hpp"

namespace wagw::services {
namespace {

using Json = nlohmann::json;
namespace fields = json_fields;
namespace message = wa::message;

constexpr std::size_t kMaxTextBytes = 65536;
constexpr std::size_t kMaxCaptionBytes = 4096;

Error invalid(std::string message) {
    return {"invalid_field", std::move(message)};
}

bool all_of(std::string_view text, std::string_view allowed) {
    return !text.empty() && text.find_first_not_of(allowed) == std::string_view::npos;
}

constexpr std::string_view kDigits = "0123456789";

struct MediaType {
    std::string_view type;
    wa::media::MediaKind kind;
    std::string_view default_mimetype;
    bool voice_note;
};
constexpr MediaType kMediaTypes[] = {
    {"image", wa::media::MediaKind::Image, "image/jpeg", false},
    {"video", wa::media::MediaKind::Video, "video/mp4", false},
    {"audio", wa::media::MediaKind::Audio, "audio/mpeg", false},
    {"voice", wa::media::MediaKind::Audio, "audio/ogg; codecs=opus", true},
    {"document", wa::media::MediaKind::Document, "application/octet-stream", false},
    {"sticker", wa::media::MediaKind::Sticker, "image/webp", false},
};

const MediaType* media_type(std::string_view type) {
    for (const MediaType& m : kMediaTypes)
        if (m.type == type) return &m;
    return nullptr;
}

// A string field: required or optional, with a byte limit. Sets `field` on failure.
Result<std::string> text_field(const Json& body, std::string_view key, bool required, std::size_t max_bytes,
                               std::string& field) {
    auto value = required ? fields::string_at(body, key) : fields::string_or(body, key, {});
    if (!value) {
        field = key;
        return value.error();
    }
    if (value->size() > max_bytes) {
        field = key;
        return invalid(std::string(key) + " is longer than " + std::to_string(max_bytes) + " bytes");
    }
    if (required && value->empty()) {
        field = key;
        return invalid(std::string(key) + " must not be empty");
    }
    return value;
}

// The media fields of image/video/audio/voice/document/sticker, in one place: today the file comes inline as
// media_base64; media_id and media_url (uploaded or fetched files) will be read here too.
Status parse_media_fields(const Json& body, const MediaType& media, Json& out, std::string& text,
                          std::string& field) {
    // The file: inline, or uploaded before (POST .../media; a media_url was fetched into the store by the
    // route).
    const bool by_id = fields::has(body, "media_id");
    if (by_id && fields::has(body, "media_base64")) {
        field = "media_id";
        return invalid("give the file once: media_base64 or media_id, not both");
    }
    if (by_id) {
        auto id = text_field(body, "media_id", true, 64, field);
        if (!id) return id.error();
        if (id->rfind("med_", 0) != 0 || id->find_first_not_of("0123456789abcdef", 4) != std::string::npos) {
            field = "media_id";
            return invalid("media_id must be an id from POST /api/sessions/{id}/media (med_ and hex digits)");
        }
        out["media_id"] = *id;
    } else {
        auto data = text_field(body, "media_base64", true, kMaxInlineMediaBytes / 3 * 4 + 8, field);
        if (!data) {
            if (data.error().code == "missing_field") {
                return Error{"missing_field",
                             "a media message needs its file: media_id, media_url or media_base64"};
            }
            return data.error();
        }
        auto bytes = util::base64_decode(*data);
        if (!bytes) {
            field = "media_base64";
            return invalid("media_base64 is not valid base64 (standard alphabet, padded)");
        }
        if (bytes->empty()) {
            field = "media_base64";
            return invalid("media_base64 holds no bytes");
        }
        out["media_base64"] = *data;
        out["media_size"] = bytes->size();
    }
    auto mimetype = text_field(body, "mimetype", false, 255, field);
    if (!mimetype) return mimetype.error();
    if (!mimetype->empty() && mimetype->find('/') == std::string::npos) {
        field = "mimetype";
        return invalid("mimetype must look like type/subtype, e.g. image/png");
    }
    auto caption = text_field(body, "caption", false, kMaxCaptionBytes, field);
    if (!caption) return caption.error();
    auto file_name = text_field(body, "file_name", false, 255, field);
    if (!file_name) return file_name.error();
    if (!caption->empty() && (media.type == "sticker" || media.type == "audio" || media.type == "voice")) {
        field = "caption";
        return invalid(std::string(media.type) + " messages carry no caption");
    }
    // By media_id, an empty mimetype means the one the store recorded for the file.
    if (!mimetype->empty() || !by_id)
        out["mimetype"] = mimetype->empty() ? std::string(media.default_mimetype) : *mimetype;
    if (!caption->empty()) out["caption"] = *caption;
    if (!file_name->empty()) out["file_name"] = *file_name;
    text = *caption;
    return ok_status();
}

Status parse_location(const Json& body, Json& out, std::string& field) {
    for (const char* key : {"latitude", "longitude"}) {
        if (!fields::has(body, key)) {
            field = key;
            return Error{"missing_field", std::string(key) + " is required"};
        }
        auto value = fields::number_or(body, key, 0);
        if (!value) {
            field = key;
            return value.error();
        }
        const double limit = std::string_view(key) == "latitude" ? 90 : 180;
        if (!(*value >= -limit && *value <= limit)) {
            field = key;
            return invalid(std::string(key) + " must be between -" + std::to_string(int(limit)) + " and " +
                           std::to_string(int(limit)));
        }
        out[key] = *value;
    }
    for (const char* key : {"name", "address"}) {
        auto value = text_field(body, key, false, 1024, field);
        if (!value) return value.error();
        if (!value->empty()) out[key] = *value;
    }
    return ok_status();
}

// A contact card: {"name", "phone"} (a vCard is made) or {"name", "vcard"}.
Status parse_contact(const Json& body, Json& out, std::string& text, std::string& field) {
    auto name = text_field(body, "name", true, 256, field);
    if (!name) return name.error();
    auto vcard = text_field(body, "vcard", false, 16384, field);
    if (!vcard) return vcard.error();
    if (vcard->empty()) {
        auto given = text_field(body, "phone", true, 64, field);
        if (!given) {
            if (given.error().code == "missing_field")
                return Error{"missing_field", "a contact needs phone (or a whole vcard)"};
            return given.error();
        }
        auto phone = phone::normalize(*given);
        if (!phone) {
            field = "phone";
            return phone.error();
        }
        *vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:" + *name + "\nTEL;type=CELL;waid=" + *phone + ":+" + *phone +
                 "\nEND:VCARD";
    } else if (!vcard->starts_with("BEGIN:VCARD")) {
        field = "vcard";
        return invalid("vcard must be a vCard (BEGIN:VCARD ... END:VCARD)");
    }
    out["name"] = *name;
    out["vcard"] = *vcard;
    text = *name;
    return ok_status();
}

Status parse_poll(const Json& body, Json& out, std::string& text, std::string& field) {
    auto question = text_field(body, "question", true, 256, field);
    if (!question) return question.error();
    auto options = fields::strings_at(body, "options");
    if (!options) {
        field = "options";
        return options.error();
    }
    std::set<std::string> seen;
    for (const auto& option : *options) {
        if (option.empty() || option.size() > 100 || !seen.insert(option).second) {
            field = "options";
            return invalid("options must be distinct, non-empty texts of at most 100 bytes");
        }
    }
    if (options->size() < 2 || options->size() > 12) {
        field = "options";
        return invalid("a poll has 2 to 12 options");
    }
    auto selectable = fields::int_or(body, "selectable_count", 1);
    if (!selectable) {
        field = "selectable_count";
        return selectable.error();
    }
    if (*selectable < 0 || *selectable > static_cast<std::int64_t>(options->size())) {
        field = "selectable_count";
        return invalid("selectable_count is 0 (any number) up to the number of options");
    }
    out["question"] = *question;
    out["options"] = *options;
    out["selectable_count"] = *selectable;
    text = *question;
    return ok_status();
}

Result<std::vector<std::string>> parse_mentions(const Json& body, std::string& field) {
    std::vector<std::string> jids;
    if (!fields::has(body, "mentions")) return jids;
    auto mentions = fields::strings_at(body, "mentions");
    if (!mentions) {
        field = "mentions";
        return mentions.error();
    }
    for (const auto& mention : *mentions) {
        auto jid = recipient_jid(mention);
        if (!jid || jid->ends_with("@g.us")) {
            field = "mentions";
            return invalid("mentions must be phone numbers or user JIDs; " + mention + " is not one");
        }
        jids.push_back(*jid);
    }
    return jids;
}

message::MessageRef ref_from(const Json& ref) {
    message::MessageRef out;
    out.chat = ref.value("chat", "");
    out.id = ref.value("id", "");
    out.from_me = ref.value("from_me", false);
    out.participant = ref.value("participant", "");
    return out;
}

std::optional<message::Reply> reply_from(const Json& stored) {
    auto quoted = stored.find("quoted");
    if (quoted == stored.end() || !quoted->is_object()) return std::nullopt;
    return message::Reply{ref_from(*quoted), quoted->value("text", "")};
}

}  // namespace

Result<std::string> recipient_jid(std::string_view to) {
    const auto at = to.find('@');
    if (at == std::string_view::npos) {
        auto digits = phone::normalize(to);
        if (!digits) return digits.error();
        return phone::user_jid(*digits);
    }
    const std::string_view user = to.substr(0, at);
    const std::string_view server = to.substr(at + 1);
    const bool digits_only = all_of(user, kDigits) && user.size() <= 20;
    if ((server == "s.whatsapp.net" || server == "c.us") && digits_only && user.size() >= 5)
        return std::string(user) + "@s.whatsapp.net";
    if (server == "lid" && digits_only) return std::string(to);
    // Groups: digits, or the older creator-time form "15551234567-1600000000".
    if (server == "g.us" && all_of(user, "0123456789-") && user.front() != '-' && user.back() != '-' &&
        user.size() <= 40)
        return std::string(to);
    return invalid(
        "to must be a phone number, a user JID (...@s.whatsapp.net), a LID (...@lid) or a group JID "
        "(...@g.us); " +
        std::string(to) + " is none of them");
}

Result<SendRequest> parse_send_request(const Json& body, std::string& field) {
    if (!body.is_object()) return Error{"invalid_json", "the body must be a JSON object"};
    SendRequest request;
    auto type = text_field(body, "type", true, 32, field);
    if (!type) return type.error();
    request.type = *type;
    Json& out = request.normalized;
    out = Json::object();
    out["type"] = request.type;

    const bool is_reaction = request.type == "reaction";
    if (!is_reaction || fields::has(body, "to")) {
        auto to = text_field(body, "to", true, 128, field);
        if (!to) return to.error();
        auto jid = recipient_jid(*to);
        if (!jid) {
            field = "to";
            return jid.error();
        }
        request.to = *jid;
        out["to"] = request.to;
    }

    Status parsed = ok_status();
    if (request.type == "text") {
        auto text = text_field(body, "text", true, kMaxTextBytes, field);
        if (!text) return text.error();
        out["text"] = request.text = *text;
    } else if (const MediaType* media = media_type(request.type)) {
        parsed = parse_media_fields(body, *media, out, request.text, field);
    } else if (request.type == "location") {
        parsed = parse_location(body, out, field);
    } else if (request.type == "contact") {
        parsed = parse_contact(body, out, request.text, field);
    } else if (request.type == "poll") {
        parsed = parse_poll(body, out, request.text, field);
    } else if (is_reaction) {
        auto target = text_field(body, "message_id", true, 128, field);
        if (!target) return target.error();
        auto emoji = text_field(body, "emoji", false, 64, field);
        if (!emoji) return emoji.error();
        if (!fields::has(body, "emoji")) {
            field = "emoji";
            return Error{"missing_field", "emoji is required (\"\" removes a reaction)"};
        }
        request.target_id = *target;
        out["message_id"] = *target;
        out["emoji"] = request.text = *emoji;
    } else {
        field = "type";
        return invalid(
            "type must be one of text, image, video, audio, voice, document, sticker, location, "
            "contact, poll, reaction; not " +
            request.type);
    }
    if (!parsed) return parsed.error();

    auto mentions = parse_mentions(body, field);
    if (!mentions) return mentions.error();
    if (!mentions->empty()) {
        if (request.type != "text") {
            field = "mentions";
            return invalid("mentions apply to text messages only");
        }
        out["mentions"] = *mentions;
    }
    auto reply_to = text_field(body, "reply_to", false, 128, field);
    if (!reply_to) return reply_to.error();
    if (!reply_to->empty()) {
        if (is_reaction || request.type == "poll") {
            field = "reply_to";
            return invalid("a " + request.type + " cannot quote a message");
        }
        request.reply_to = *reply_to;
        out["reply_to"] = *reply_to;
    }
    return request;
}

Result<std::string> parse_edit_request(const Json& body, std::string& field) {
    if (!body.is_object()) return Error{"invalid_json", "the body must be a JSON object"};
    return text_field(body, "text", true, kMaxTextBytes, field);
}

Result<PreparedSend> prepare_send(const Json& stored, const MediaOpener& open_media) {
    PreparedSend send;
    send.to = stored.value("to", "");
    const std::string type = stored.value("type", "");
    if (type == "text") {
        message::Text text;
        text.text = stored.value("text", "");
        text.reply = reply_from(stored);
        if (auto mentions = stored.find("mentions"); mentions != stored.end() && mentions->is_array())
            for (const auto& jid : *mentions)
                if (jid.is_string()) text.mentions.push_back(jid.get<std::string>());
        send.what = message::Content{std::move(text)};
    } else if (const MediaType* media = media_type(type)) {
        wa::client::WaClient::MediaFile file;
        std::string stored_type, stored_name;
        if (auto id = stored.find("media_id"); id != stored.end() && id->is_string()) {
            if (!open_media) return Error{"media_unavailable", "this gateway keeps no media store"};
            auto opened = open_media(id->get<std::string>());
            if (!opened)
                return Error{"media_unavailable",
                             "media " + id->get<std::string>() + ": " + opened.error().message};
            file.bytes.assign(opened->bytes.begin(), opened->bytes.end());
            stored_type = opened->mimetype;
            stored_name = opened->file_name;
        } else {
            auto bytes = util::base64_decode(stored.value("media_base64", ""));
            if (!bytes) return Error{"bad_stored_message", "the stored media is not base64"};
            file.bytes = std::move(*bytes);
        }
        file.kind = media->kind;
        file.voice_note = media->voice_note;
        file.mimetype = stored.value(
            "mimetype", stored_type.empty() ? std::string(media->default_mimetype) : stored_type);
        file.caption = stored.value("caption", "");
        file.file_name = stored.value("file_name", stored_name);
        file.reply = reply_from(stored);
        send.what = std::move(file);
    } else if (type == "location") {
        send.what =
            message::Content{message::Location{stored.value("latitude", 0.0), stored.value("longitude", 0.0),
                                               stored.value("name", ""), stored.value("address", "")}};
    } else if (type == "contact") {
        send.what =
            message::Content{message::ContactCard{stored.value("name", ""), stored.value("vcard", "")}};
    } else if (type == "poll") {
        message::Poll poll;
        poll.question = stored.value("question", "");
        poll.options = stored.value("options", std::vector<std::string>{});
        poll.selectable_count = stored.value("selectable_count", 1u);
        send.what = message::Content{std::move(poll)};
    } else if (type == "reaction" || type == "edit" || type == "revoke") {
        auto target = stored.find("target");
        if (target == stored.end() || !target->is_object())
            return Error{"bad_stored_message", "the stored " + type + " has no target"};
        const message::MessageRef ref = ref_from(*target);
        const std::int64_t at_ms = stored.value("at_ms", std::int64_t{0});
        if (type == "reaction") {
            send.what = message::Content{message::Reaction{ref, stored.value("emoji", ""), at_ms}};
        } else if (type == "edit") {
            send.what = message::Content{message::Edit{ref, stored.value("text", ""), at_ms}};
        } else {
            send.what = message::Content{message::Revoke{ref}};
        }
    } else {
        return Error{"bad_stored_message", "a stored message of unknown type " + type};
    }
    if (send.to.empty()) return Error{"bad_stored_message", "the stored message has no recipient"};
    return send;
}

}  // namespace wagw::services
