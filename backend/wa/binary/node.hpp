#pragma once
// A WABinary node, the unit every stanza travels as: a tag, ordered attributes, and content.
//
// Content keeps what the wire says, so that decode -> encode gives back the same bytes:
//   nothing        no content item (odd list size)
//   Bytes          BINARY_8/20/32: raw bytes, never turned into text (keys, ciphertext, protobufs)
//   std::string    a token or packed string (e.g. <count>5</count>); raw text content comes back as Bytes,
//                  exactly as in Baileys (Buffer) and whatsmeow ([]byte)
//   Jid            a JID item
//   Children       a list, possibly empty: LIST_EMPTY as content is an empty list, not "nothing", because
//                  Baileys writes `content: []` that way and re-encoding must give the same bytes
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "backend/wa/binary/jid.hpp"

namespace wagw::wa::binary {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Attribute values are text or JIDs. JID-valued attributes (to, from, participant, jid, ...) must be Jid
// values: whatsmeow reads them by type and silently sees an empty JID in a string.
using AttrValue = std::variant<std::string, Jid>;

struct Attribute {
    std::string key;
    AttrValue value;
    bool operator==(const Attribute&) const = default;
};

struct Node;
using Children = std::vector<Node>;
using Content = std::variant<std::monostate, Bytes, std::string, Jid, Children>;

struct Node {
    std::string tag;
    std::vector<Attribute> attrs;  // wire order; keys are expected to be unique
    Content content;

    bool operator==(const Node&) const = default;

    const AttrValue* attr(std::string_view key) const;
    const std::string* attr_text(std::string_view key) const;  // null if missing or a JID
    const Jid* attr_jid(std::string_view key) const;           // null if missing or text
    const Children* children() const { return std::get_if<Children>(&content); }
    const Bytes* bytes() const { return std::get_if<Bytes>(&content); }
    // The first child with this tag, or null.
    const Node* child(std::string_view tag) const;
};

}  // namespace wagw::wa::binary
