#pragma once
// Small helpers shared by the codec tests: hex in and out, and terse node construction.
#include <cstdint>
#include <string>
#include <string_view>

#include "backend/wa/binary/jid.hpp"
#include "backend/wa/binary/node.hpp"

namespace wagw::wa::binary::testing {

inline Bytes from_hex(std::string_view hex) {
    Bytes out;
    int high = -1;
    for (char c : hex) {
        int value;
        if (c >= '0' && c <= '9')
            value = c - '0';
        else if (c >= 'a' && c <= 'f')
            value = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            value = c - 'A' + 10;
        else
            continue;  // spaces between bytes are welcome
        if (high < 0) {
            high = value;
        } else {
            out.push_back(static_cast<std::uint8_t>(high << 4 | value));
            high = -1;
        }
    }
    return out;
}

inline std::string to_hex(const Bytes& bytes) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) out.push_back(' ');
        out.push_back(digits[bytes[i] >> 4]);
        out.push_back(digits[bytes[i] & 0x0F]);
    }
    return out;
}

inline Jid jid(std::string_view text) {
    auto parsed = parse_jid(text);
    return parsed.ok() ? parsed.value() : Jid{"<invalid " + std::string(text) + ">", "invalid"};
}

inline Node node(std::string tag, std::vector<Attribute> attrs = {}, Content content = {}) {
    return Node{std::move(tag), std::move(attrs), std::move(content)};
}

inline Bytes pattern_bytes(std::size_t size, std::uint8_t seed = 1) {
    Bytes out(size);
    std::uint32_t state = seed * 2654435761u + 12345u;
    for (auto& b : out) {
        state = state * 1103515245u + 12345u;
        b = static_cast<std::uint8_t>(state >> 16);
    }
    return out;
}

}  // namespace wagw::wa::binary::testing
