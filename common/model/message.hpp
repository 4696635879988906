#pragma once
// A message of a session, in either direction, as the REST API, the events and the browser app speak of it.
// Outgoing messages move queued -> sent -> delivered -> read -> played (never back), or queued -> failed;
// incoming ones are `received`. Times are unix milliseconds; `timestamp` is WhatsApp's (unix seconds).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wagw::model {

enum class MessageStatus { queued, sent, delivered, read, played, failed, received };

std::string_view status_name(MessageStatus status);
std::optional<MessageStatus> status_from_name(std::string_view name);
// Whether `to` is a step forward from `from`: receipts arrive late, twice and out of order, so a status only
// ever moves on (read never falls back to delivered), and only a queued message can fail.
bool status_advances(MessageStatus from, MessageStatus to);

struct Message {
    std::int64_t seq = 0;  // the store's order (also the paging cursor's position)
    std::string session_id;
    std::string id;         // the WhatsApp message id
    std::string chat;       // the other party or group (JID)
    bool outgoing = true;   // direction "out" (ours) or "in"
    std::string type;       // text, image, ..., reaction, edit, revoke
    std::string sender;     // incoming: the sending device; outgoing: empty
    std::string push_name;  // incoming: the name the sender shows
    std::string text;       // text, caption, emoji or new text, for lists and search
    nlohmann::json content =
        nlohmann::json::object();  // outgoing: the accepted request; incoming: the content
    MessageStatus status = MessageStatus::queued;
    std::string status_reason;
    std::int64_t timestamp = 0;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

struct MessageStatusChange {
    MessageStatus status = MessageStatus::queued;
    std::string reason;
    std::int64_t at_ms = 0;
};

// The message as the API shows it. Media bytes given as media_base64 are never echoed: their size is.
nlohmann::json to_json(const Message& message);
nlohmann::json to_json(const MessageStatusChange& change);

// Event types published for messages on /api/events.
inline constexpr const char* kMessageReceivedEvent = "message.received";  // data: the message + "session"
inline constexpr const char* kMessageSentEvent = "message.sent";          // the server acknowledged it
inline constexpr const char* kMessageStatusEvent = "message.status";  // {"session","id","chat","status",...}

}  // namespace wagw::model
