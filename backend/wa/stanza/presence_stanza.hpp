#pragma once
// Presence: being online or away (<presence>), and typing or recording in a chat (<chatstate>).
#include <cstdint>
#include <optional>
#include <string>

#include "backend/wa/binary/node.hpp"
#include "backend/wa/stanza/direction.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::stanza {

enum class Availability { Available, Unavailable };

struct Presence {
    Availability availability = Availability::Available;
    std::string push_name;                 // sent with our own presence
    std::optional<binary::Jid> from;       // set on presence the server delivers
    std::int64_t last_seen = 0;            // delivered "last" attribute, 0 if absent
};

binary::Node build_presence(const Presence& presence);
Result<Presence> parse_presence(const binary::Node& node);

enum class ChatActivity { Typing, Recording, Paused };

struct ChatState {
    binary::Jid chat;                        // "to" when we send, "from" when delivered
    std::optional<binary::Jid> participant;  // who, in a group
    ChatActivity activity = ChatActivity::Typing;
};

binary::Node build_chat_state(const ChatState& state, Direction direction);
Result<ChatState> parse_chat_state(const binary::Node& node, Direction direction);

}  // namespace wagw::wa::stanza
