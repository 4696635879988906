#pragma once
// NIBBLE_8 and HEX_8: strings of digits (and '-', '.') or uppercase hex, two characters per byte (notes 4.4).
// Shared by the encoder (which decides whether a string packs) and the decoder (which checks every nibble).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "backend/wa/binary/node.hpp"

namespace wagw::wa::binary {

enum class PackedKind { nibble, hex };

// Which packing the writer uses for `text`, if any: 1..127 characters, nibble before hex, hex only for
// uppercase A-F (lowercase hex goes out raw, as both reference clients do).
std::optional<PackedKind> packing_for(std::string_view text);

// Appends tag byte, length byte (0x80 set for odd length) and the packed characters.
// `text` must satisfy packing_for(text) == kind.
void append_packed(Bytes& out, std::string_view text, PackedKind kind);

// Unpacks `packed` (exactly length_byte & 0x7F bytes). Rejects codes outside the alphabet, a filler nibble
// anywhere but the very end, and an odd length whose last nibble is not the filler.
Result<std::string> unpack(PackedKind kind, std::uint8_t length_byte, ByteView packed);

}  // namespace wagw::wa::binary
