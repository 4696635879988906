#include "common/model/message.hpp"

#include <array>
#include <utility>

namespace wagw::model {
namespace {

constexpr std::array<std::pair<MessageStatus, std::string_view>, 7> kNames{{
    {MessageStatus::queued, "queued"},
    {MessageStatus::sent, "sent"},
    {MessageStatus::delivered, "delivered"},
    {MessageStatus::read, "read"},
    {MessageStatus::played, "played"},
    {MessageStatus::failed, "failed"},
    {MessageStatus::received, "received"},
}};

// Position on the way to the recipient; failed and received stand apart.
int rank(MessageStatus status) {
    switch (status) {
        case MessageStatus::queued:
            return 0;
        case MessageStatus::sent:
            return 1;
        case MessageStatus::delivered:
            return 2;
        case MessageStatus::read:
            return 3;
        case MessageStatus::played:
            return 4;
        case MessageStatus::failed:
        case MessageStatus::received:
            return -1;
    }
    return -1;
}

}  // namespace

std::string_view status_name(MessageStatus status) {
    for (const auto& [s, name] : kNames)
        if (s == status) return name;
    return "queued";
}

std::optional<MessageStatus> status_from_name(std::string_view name) {
    for (const auto& [s, n] : kNames)
        if (n == name) return s;
    return std::nullopt;
}

bool status_advances(MessageStatus from, MessageStatus to) {
    if (to == MessageStatus::failed) return from == MessageStatus::queued;
    if (from == MessageStatus::failed || from == MessageStatus::received || to == MessageStatus::received)
        return false;
    return rank(to) > rank(from);
}

nlohmann::json to_json(const Message& message) {
    nlohmann::json content = message.content;
    if (content.is_object() && content.contains("media_base64") && content["media_base64"].is_string()) {
        content["media_base64_length"] = content["media_base64"].get_ref<const std::string&>().size();
        content.erase("media_base64");
    }
    return {{"id", message.id},
            {"session", message.session_id},
            {"chat", message.chat},
            {"direction", message.outgoing ? "out" : "in"},
            {"type", message.type},
            {"status", status_name(message.status)},
            {"status_reason", message.status_reason},
            {"from", message.sender},
            {"push_name", message.push_name},
            {"text", message.text},
            {"content", content},
            {"timestamp", message.timestamp},
            {"created_at", message.created_at},
            {"updated_at", message.updated_at}};
}

nlohmann::json to_json(const MessageStatusChange& change) {
    return {{"status", status_name(change.status)}, {"reason", change.reason}, {"at_ms", change.at_ms}};
}

}  // namespace wagw::model
