#pragma once
// Small builders and readers for the stanzas the client core sends and reads.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "backend/wa/binary/node.hpp"

namespace wagw::wa::client {

// "s.whatsapp.net" as a JID: the `to` of every iq we send and the `from` of the server's own stanzas.
inline binary::Jid server_jid() {
    return binary::Jid{"", "s.whatsapp.net", std::nullopt, 0, 0};
}

inline binary::Attribute text_attr(std::string key, std::string value) {
    return {std::move(key), std::move(value)};
}
inline binary::Attribute jid_attr(std::string key, binary::Jid value) {
    return {std::move(key), std::move(value)};
}

// The attribute as text, a JID attribute in its text form, "" when missing.
inline std::string attr_string(const binary::Node& node, std::string_view key) {
    if (const std::string* text = node.attr_text(key)) return *text;
    if (const binary::Jid* jid = node.attr_jid(key)) return jid->to_string();
    return {};
}

// Content as bytes: raw bytes as they are, a token string as its characters.
inline binary::Bytes content_bytes(const binary::Node& node) {
    if (const binary::Bytes* bytes = node.bytes()) return *bytes;
    if (const std::string* text = std::get_if<std::string>(&node.content))
        return binary::Bytes(text->begin(), text->end());
    return {};
}

// A decimal attribute ("count", "value"), or nothing when missing or not a number.
inline std::optional<int> attr_int(const binary::Node& node, std::string_view key) {
    std::string text = attr_string(node, key);
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

inline binary::Bytes big_endian_bytes(std::uint32_t value, int size) {
    binary::Bytes out(static_cast<std::size_t>(size));
    for (int i = size - 1; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value & 0xFF);
        value >>= 8;
    }
    return out;
}

inline binary::Node bytes_node(std::string tag, binary::Bytes bytes) {
    return binary::Node{std::move(tag), {}, std::move(bytes)};
}

}  // namespace wagw::wa::client
