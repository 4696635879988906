#include "backend/wa/stanza/presence_stanza.hpp"

#include <charconv>

#include "backend/wa/stanza/node_fields.hpp"

namespace wagw::wa::stanza {

binary::Node build_presence(const Presence& presence) {
    std::vector<binary::Attribute> attrs{
        {"type", std::string(presence.availability == Availability::Available ? "available" : "unavailable")}};
    if (!presence.push_name.empty()) attrs.push_back({"name", presence.push_name});
    if (presence.from) attrs.push_back({"from", *presence.from});
    if (presence.last_seen) attrs.push_back({"last", std::to_string(presence.last_seen)});
    return {"presence", std::move(attrs), {}};
}

Result<Presence> parse_presence(const binary::Node& node) {
    if (node.tag != "presence") return malformed(node, "is not a presence");
    Presence presence;
    const std::string type = optional_text(node, "type");
    if (type != "available" && type != "unavailable" && !type.empty()) {
        return malformed(node, "has an unknown type \"" + type + "\"");
    }
    // No type means available, as in XMPP.
    presence.availability = type == "unavailable" ? Availability::Unavailable : Availability::Available;
    presence.push_name = optional_text(node, "name");
    presence.from = optional_jid(node, "from");
    const std::string last = optional_text(node, "last");
    std::from_chars(last.data(), last.data() + last.size(), presence.last_seen);
    return presence;
}

binary::Node build_chat_state(const ChatState& state, Direction direction) {
    std::vector<binary::Attribute> attrs{{peer_attribute(direction), state.chat}};
    if (state.participant) attrs.push_back({"participant", *state.participant});
    binary::Node activity{"composing", {}, {}};
    if (state.activity == ChatActivity::Recording) activity.attrs.push_back({"media", std::string("audio")});
    if (state.activity == ChatActivity::Paused) activity.tag = "paused";
    return {"chatstate", std::move(attrs), binary::Children{std::move(activity)}};
}

Result<ChatState> parse_chat_state(const binary::Node& node, Direction direction) {
    if (node.tag != "chatstate") return malformed(node, "is not a chat state");
    auto chat = required_jid(node, peer_attribute(direction));
    if (!chat) return chat.error();
    const binary::Children* children = node.children();
    if (!children || children->empty()) return malformed(node, "says neither composing nor paused");
    const binary::Node& activity = children->front();
    ChatState state{*chat, optional_jid(node, "participant"), ChatActivity::Typing};
    if (activity.tag == "paused") {
        state.activity = ChatActivity::Paused;
    } else if (activity.tag == "composing") {
        state.activity = optional_text(activity, "media") == "audio" ? ChatActivity::Recording : ChatActivity::Typing;
    } else {
        return malformed(node, "has an unknown state <" + activity.tag + ">");
    }
    return state;
}

}  // namespace wagw::wa::stanza
