#include "backend/wa/stanza/message_stanza.hpp"

#include <charconv>

#include "backend/wa/stanza/node_fields.hpp"

namespace wagw::wa::stanza {
namespace {

using binary::Attribute;
using binary::Children;

Node enc_node(const EncPayload& enc) {
    std::vector<Attribute> attrs{{"v", std::to_string(enc.version)}, {"type", enc.type}};
    if (!enc.mediatype.empty()) attrs.push_back({"mediatype", enc.mediatype});
    return Node{"enc", std::move(attrs), enc.ciphertext};
}

Result<EncPayload> parse_enc(const Node& node) {
    auto type = required_text(node, "type");
    if (!type) return type.error();
    if (*type != "pkmsg" && *type != "msg" && *type != "skmsg") {
        return Error{"unsupported_ciphertext", "<enc> of type \"" + *type + "\" is not supported"};
    }
    const Bytes* bytes = node.bytes();
    if (!bytes || bytes->empty()) return malformed(node, "carries no ciphertext");
    int version = 2;
    const std::string v = optional_text(node, "v");
    if (!v.empty()) std::from_chars(v.data(), v.data() + v.size(), version);
    return EncPayload{*type, optional_text(node, "mediatype"), *bytes, version};
}

std::int64_t parse_time(const std::string& text) {
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

}  // namespace

Node build_message_stanza(const OutgoingMessage& message) {
    std::vector<Attribute> attrs{{"id", message.id}, {"to", message.to}, {"type", message.type}};
    if (!message.edit.empty()) attrs.push_back({"edit", message.edit});
    Children children;
    if (!message.participants.empty()) {
        Children to_nodes;
        for (const DeviceEnc& copy : message.participants) {
            to_nodes.push_back(Node{"to", {{"jid", copy.device}}, Children{enc_node(copy.enc)}});
        }
        children.push_back(Node{"participants", {}, std::move(to_nodes)});
    }
    if (message.group) children.push_back(enc_node(*message.group));
    if (message.device_identity) children.push_back(Node{"device-identity", {}, *message.device_identity});
    return Node{"message", std::move(attrs), std::move(children)};
}

Result<OutgoingMessage> parse_outgoing_message(const Node& node) {
    if (node.tag != "message") return malformed(node, "is not a message");
    OutgoingMessage out;
    auto id = required_message_id(node);
    if (!id) return id.error();
    auto to = required_jid(node, "to");
    if (!to) return to.error();
    out.id = *id;
    out.to = *to;
    out.type = optional_text(node, "type");
    out.edit = optional_text(node, "edit");
    const Children* children = node.children();
    if (!children) return malformed(node, "has no content");
    for (const Node& child : *children) {
        if (child.tag == "participants" && child.children()) {
            for (const Node& to_node : *child.children()) {
                if (to_node.tag != "to") continue;
                auto device = required_jid(to_node, "jid");
                if (!device) return device.error();
                const Node* enc = to_node.child("enc");
                if (!enc) return malformed(to_node, "has no <enc>");
                auto payload = parse_enc(*enc);
                if (!payload) return payload.error();
                out.participants.push_back({*device, std::move(*payload)});
            }
        } else if (child.tag == "enc") {
            auto payload = parse_enc(child);
            if (!payload) return payload.error();
            out.group = std::move(*payload);
        } else if (child.tag == "device-identity" && child.bytes()) {
            out.device_identity = *child.bytes();
        }
    }
    if (out.participants.empty() && !out.group) return malformed(node, "has neither participants nor a group <enc>");
    return out;
}

Node build_delivered_message(const DeliveredMessage& message) {
    std::vector<Attribute> attrs{{"from", message.from}, {"id", message.id}, {"type", message.type},
                                 {"t", std::to_string(message.timestamp)}};
    if (message.participant) attrs.push_back({"participant", *message.participant});
    if (message.recipient) attrs.push_back({"recipient", *message.recipient});
    if (!message.push_name.empty()) attrs.push_back({"notify", message.push_name});
    if (message.sender_pn) attrs.push_back({"sender_pn", *message.sender_pn});
    if (message.sender_lid) attrs.push_back({"sender_lid", *message.sender_lid});
    if (!message.edit.empty()) attrs.push_back({"edit", message.edit});
    Children children;
    for (const EncPayload& enc : message.encs) children.push_back(enc_node(enc));
    return Node{"message", std::move(attrs), std::move(children)};
}

Result<DeliveredMessage> parse_delivered_message(const Node& node) {
    if (node.tag != "message") return malformed(node, "is not a message");
    DeliveredMessage out;
    auto id = required_message_id(node);
    if (!id) return id.error();
    auto from = required_jid(node, "from");
    if (!from) return from.error();
    out.id = *id;
    out.from = *from;
    out.participant = optional_jid(node, "participant");
    out.recipient = optional_jid(node, "recipient");
    out.type = optional_text(node, "type");
    out.timestamp = parse_time(optional_text(node, "t"));
    out.push_name = optional_text(node, "notify");
    out.sender_pn = optional_jid(node, "sender_pn");
    out.sender_lid = optional_jid(node, "sender_lid");
    out.edit = optional_text(node, "edit");
    if (const Children* children = node.children()) {
        for (const Node& child : *children) {
            if (child.tag != "enc") continue;
            auto payload = parse_enc(child);
            if (!payload) return payload.error();
            out.encs.push_back(std::move(*payload));
        }
    }
    if (out.encs.empty()) return malformed(node, "carries no <enc>");
    return out;
}

}  // namespace wagw::wa::stanza
