#include "backend/wa/stanza/retry_stanza.hpp"

#include <charconv>

#include "backend/wa/stanza/node_fields.hpp"

namespace wagw::wa::stanza {
namespace {

Bytes big_endian(std::uint32_t value, std::size_t size) {
    Bytes out(size);
    for (std::size_t i = size; i-- > 0;) {
        out[i] = static_cast<std::uint8_t>(value & 0xFF);
        value >>= 8;
    }
    return out;
}

std::uint32_t from_big_endian(const Bytes& bytes) {
    std::uint32_t value = 0;
    for (auto b : bytes) value = (value << 8) | b;
    return value;
}

binary::Node bytes_node(std::string tag, Bytes bytes) {
    return binary::Node{std::move(tag), {}, std::move(bytes)};
}

Bytes child_bytes(const binary::Node& node, std::string_view tag) {
    const binary::Node* child = node.child(tag);
    if (!child) return {};
    if (const Bytes* bytes = child->bytes()) return *bytes;
    if (const std::string* text = std::get_if<std::string>(&child->content)) return Bytes(text->begin(), text->end());
    return {};
}

}  // namespace

binary::Node build_retry_receipt(const RetryReceipt& receipt, Direction direction) {
    std::vector<binary::Attribute> attrs{{"id", receipt.id}, {"type", std::string("retry")},
                                         {peer_attribute(direction), receipt.peer}};
    if (receipt.participant) attrs.push_back({"participant", *receipt.participant});
    if (receipt.recipient) attrs.push_back({"recipient", *receipt.recipient});
    binary::Children children{
        binary::Node{"retry",
                     {{"count", std::to_string(receipt.count)},
                      {"id", receipt.id},
                      {"t", receipt.message_timestamp},
                      {"v", std::string("1")}},
                     {}},
        bytes_node("registration", big_endian(receipt.registration_id, 4))};
    if (receipt.keys) {
        const RetryKeys& keys = *receipt.keys;
        children.push_back(binary::Node{
            "keys",
            {},
            binary::Children{
                bytes_node("type", Bytes{0x05}), bytes_node("identity", keys.identity),
                binary::Node{"key",
                             {},
                             binary::Children{bytes_node("id", big_endian(keys.pre_key_id, 3)),
                                              bytes_node("value", keys.pre_key)}},
                binary::Node{"skey",
                             {},
                             binary::Children{bytes_node("id", big_endian(keys.signed_pre_key_id, 3)),
                                              bytes_node("value", keys.signed_pre_key),
                                              bytes_node("signature", keys.signed_pre_key_signature)}},
                bytes_node("device-identity", keys.device_identity)}});
    }
    return {"receipt", std::move(attrs), std::move(children)};
}

Result<RetryReceipt> parse_retry_receipt(const binary::Node& node, Direction direction) {
    if (node.tag != "receipt" || optional_text(node, "type") != "retry") return malformed(node, "is not a retry receipt");
    RetryReceipt receipt;
    auto id = required_message_id(node);
    if (!id) return id.error();
    receipt.id = *id;
    auto peer = required_jid(node, peer_attribute(direction));
    if (!peer) return peer.error();
    receipt.peer = *peer;
    receipt.participant = optional_jid(node, "participant");
    receipt.recipient = optional_jid(node, "recipient");
    const binary::Node* retry = node.child("retry");
    if (!retry) return malformed(node, "has no <retry>");
    const std::string count = optional_text(*retry, "count");
    int value = 1;
    auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), value);
    if (!count.empty() && (ec != std::errc() || end != count.data() + count.size() || value < 1))
        return malformed(node, "has a bad retry count");
    receipt.count = value;
    receipt.message_timestamp = optional_text(*retry, "t");
    Bytes registration = child_bytes(node, "registration");
    if (registration.size() != 4) return malformed(node, "has no 4-byte <registration>");
    receipt.registration_id = from_big_endian(registration);
    if (const binary::Node* keys = node.child("keys")) {
        const binary::Node* key = keys->child("key");
        const binary::Node* skey = keys->child("skey");
        if (!key || !skey) return malformed(node, "has <keys> without <key> or <skey>");
        RetryKeys parsed;
        parsed.identity = child_bytes(*keys, "identity");
        parsed.pre_key_id = from_big_endian(child_bytes(*key, "id"));
        parsed.pre_key = child_bytes(*key, "value");
        parsed.signed_pre_key_id = from_big_endian(child_bytes(*skey, "id"));
        parsed.signed_pre_key = child_bytes(*skey, "value");
        parsed.signed_pre_key_signature = child_bytes(*skey, "signature");
        parsed.device_identity = child_bytes(*keys, "device-identity");
        if (parsed.identity.size() != 32 || parsed.pre_key.size() != 32 || parsed.signed_pre_key.size() != 32 ||
            parsed.signed_pre_key_signature.size() != 64)
            return malformed(node, "has <keys> of the wrong sizes");
        receipt.keys = std::move(parsed);
    }
    return receipt;
}

binary::Node build_retry_resend(const RetryResend& resend) {
    std::vector<binary::Attribute> attrs{{"id", resend.id}, {"to", resend.device},
                                         {"type", resend.type.empty() ? std::string("text") : resend.type}};
    if (resend.recipient) attrs.push_back({"recipient", *resend.recipient});
    if (!resend.edit.empty()) attrs.push_back({"edit", resend.edit});
    std::vector<binary::Attribute> enc_attrs{{"v", std::to_string(resend.enc.version)},
                                             {"type", resend.enc.type},
                                             {"count", std::to_string(resend.count)}};
    if (!resend.enc.mediatype.empty()) enc_attrs.push_back({"mediatype", resend.enc.mediatype});
    binary::Children children{binary::Node{"enc", std::move(enc_attrs), resend.enc.ciphertext}};
    if (resend.device_identity) children.push_back(bytes_node("device-identity", *resend.device_identity));
    return {"message", std::move(attrs), std::move(children)};
}

}  // namespace wagw::wa::stanza
