#include "backend/wa/stanza/ack_stanza.hpp"

#include <charconv>

#include "backend/wa/stanza/node_fields.hpp"

namespace wagw::wa::stanza {

binary::Node build_ack(const Ack& ack, Direction direction) {
    std::vector<binary::Attribute> attrs{{"id", ack.id}, {"class", ack.ack_class}, {peer_attribute(direction), ack.peer}};
    if (!ack.type.empty()) attrs.push_back({"type", ack.type});
    if (ack.participant) attrs.push_back({"participant", *ack.participant});
    if (ack.recipient) attrs.push_back({"recipient", *ack.recipient});
    if (ack.timestamp) attrs.push_back({"t", std::to_string(ack.timestamp)});
    if (!ack.error.empty()) attrs.push_back({"error", ack.error});
    if (!ack.phash.empty()) attrs.push_back({"phash", ack.phash});
    return {"ack", std::move(attrs), {}};
}

Result<Ack> parse_ack(const binary::Node& node, Direction direction) {
    if (node.tag != "ack") return malformed(node, "is not an ack");
    Ack ack;
    auto id = required_message_id(node);
    if (!id) return id.error();
    auto ack_class = required_text(node, "class");
    if (!ack_class) return ack_class.error();
    auto peer = required_jid(node, peer_attribute(direction));
    if (!peer) return peer.error();
    ack.id = *id;
    ack.ack_class = *ack_class;
    ack.peer = *peer;
    ack.type = optional_text(node, "type");
    ack.participant = optional_jid(node, "participant");
    ack.recipient = optional_jid(node, "recipient");
    ack.error = optional_text(node, "error");
    ack.phash = optional_text(node, "phash");
    const std::string t = optional_text(node, "t");
    std::from_chars(t.data(), t.data() + t.size(), ack.timestamp);
    return ack;
}

}  // namespace wagw::wa::stanza
