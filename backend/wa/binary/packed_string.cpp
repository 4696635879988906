#include "backend/wa/binary/packed_string.hpp"

#include "backend/wa/binary/wire_tags.hpp"

namespace wagw::wa::binary {
namespace {

bool is_nibble_char(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '.';
}
bool is_hex_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

std::uint8_t code_of(char c, PackedKind kind) {
    if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
    if (kind == PackedKind::nibble) return c == '-' ? 10 : 11;
    return static_cast<std::uint8_t>(10 + (c - 'A'));
}

// The character for a 4-bit code, or 0 when the code is not in the alphabet. Every code is a hex digit (0xF
// is 'F' unless it pads an odd length); nibble strings use 0..11 and the filler.
char char_of(std::uint8_t code, PackedKind kind) {
    if (code < 10) return static_cast<char>('0' + code);
    if (kind == PackedKind::hex) return static_cast<char>('A' + code - 10);
    if (code == 10) return '-';
    if (code == 11) return '.';
    return 0;
}

const char* kind_name(PackedKind kind) {
    return kind == PackedKind::nibble ? "NIBBLE_8" : "HEX_8";
}

}  // namespace

std::optional<PackedKind> packing_for(std::string_view text) {
    if (text.empty() || text.size() > wire::kPackedMaxChars) return std::nullopt;
    bool nibble = true, hex = true;
    for (char c : text) {
        nibble = nibble && is_nibble_char(c);
        hex = hex && is_hex_char(c);
    }
    if (nibble) return PackedKind::nibble;
    if (hex) return PackedKind::hex;
    return std::nullopt;
}

void append_packed(Bytes& out, std::string_view text, PackedKind kind) {
    out.push_back(kind == PackedKind::nibble ? wire::kNibble8 : wire::kHex8);
    const bool odd = text.size() % 2 != 0;
    out.push_back(static_cast<std::uint8_t>((text.size() + 1) / 2 | (odd ? wire::kPackedOddFlag : 0)));
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(code_of(text[i], kind) << 4 | code_of(text[i + 1], kind)));
    }
    if (odd) out.push_back(static_cast<std::uint8_t>(code_of(text.back(), kind) << 4 | wire::kPackedFiller));
}

Result<std::string> unpack(PackedKind kind, std::uint8_t length_byte, ByteView packed) {
    const bool odd = (length_byte & wire::kPackedOddFlag) != 0;
    if (odd && packed.empty()) {
        return Error{"binary_malformed",
                     std::string(kind_name(kind)) + " marks an odd length but holds no bytes"};
    }
    std::string text;
    text.reserve(packed.size() * 2);
    for (std::size_t i = 0; i < packed.size(); ++i) {
        const bool last = i + 1 == packed.size();
        const std::uint8_t high = packed[i] >> 4, low = packed[i] & 0x0F;
        const char first = char_of(high, kind);
        const char second = char_of(low, kind);
        // Only the final low nibble of an odd length is the filler (in HEX_8 0xF is also 'F').
        const bool second_is_filler = odd && last;
        if (first == 0 || (!second_is_filler && second == 0)) {
            return Error{"binary_malformed",
                         std::string(kind_name(kind)) + " holds a nibble outside its alphabet"};
        }
        if (second_is_filler && low != wire::kPackedFiller) {
            return Error{"binary_malformed", std::string(kind_name(kind)) +
                                                 " has an odd length but does not end in the filler nibble"};
        }
        text.push_back(first);
        if (!second_is_filler) text.push_back(second);
    }
    return text;
}

}  // namespace wagw::wa::binary
