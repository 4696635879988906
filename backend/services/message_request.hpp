#pragma once
// What POST /api/sessions/{id}/messages may say, checked and normalized before anything is stored, and how a
// stored request becomes what WaClient sends. Pure functions (no I/O), so the rules are unit-testable; the
// message service adds what needs the store (the message a reply quotes or a reaction targets).
//
// Every failure names the request field at fault in `field` (the API puts it in the error body).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "backend/wa/client/wa_client.hpp"
#include "common/util/result.hpp"

namespace wagw::services {

// `to` as a JID: a phone number in any common written form (E.164 digits), a user JID (s.whatsapp.net, or
// the older c.us), a LID or a group JID. Errors: invalid_phone (a number that is not one), invalid_field.
Result<std::string> recipient_jid(std::string_view to);

struct SendRequest {
    std::string to;             // JID (empty for a reaction: its target's chat is used)
    std::string type;           // text, image, video, audio, voice, document, sticker, location, ...
    nlohmann::json normalized;  // what is stored and later sent: checked fields only, JIDs normalized
    std::string text;           // text, caption, emoji or question: for lists
    std::string reply_to;       // a message id of this session to quote, or empty
    std::string target_id;      // a reaction's target message id
};

// Upper bound of a media file sent inline (media_base64), decoded.
inline constexpr std::size_t kMaxInlineMediaBytes = 16 * 1024 * 1024;

Result<SendRequest> parse_send_request(const nlohmann::json& body, std::string& field);
// PATCH .../messages/{mid}: {"text"} for the edited text.
Result<std::string> parse_edit_request(const nlohmann::json& body, std::string& field);

// A stored request, ready for WaClient: content to send, or a file to upload and send.
struct PreparedSend {
    std::string to;
    std::variant<wa::message::Content, wa::client::WaClient::MediaFile> what;
};
// A file sent by media_id, as the media store gives it back.
struct OpenedMedia {
    std::string bytes;
    std::string mimetype;
    std::string file_name;
};
using MediaOpener = std::function<Result<OpenedMedia>(const std::string& media_id)>;

// Errors here mean the stored row cannot be sent at all (a permanent failure). `open_media` reads the file of
// a message sent by media_id.
Result<PreparedSend> prepare_send(const nlohmann::json& stored, const MediaOpener& open_media);

}  // namespace wagw::services
