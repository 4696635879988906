#include "common/util/base64.hpp"

#include <array>

namespace wagw::util {
namespace {

constexpr std::string_view kStandard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string_view letters(Base64Alphabet alphabet) {
    return alphabet == Base64Alphabet::standard ? kStandard : kUrlSafe;
}

}  // namespace

std::string base64_encode(std::span<const std::uint8_t> bytes, Base64Alphabet alphabet) {
    const std::string_view table = letters(alphabet);
    std::string out;
    out.reserve(4 * ((bytes.size() + 2) / 3));
    std::uint32_t buffer = 0;
    int bits = 0;
    for (std::uint8_t byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(table[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) out.push_back(table[(buffer << (6 - bits)) & 0x3F]);
    if (alphabet == Base64Alphabet::standard)
        while (out.size() % 4 != 0) out.push_back('=');
    return out;
}

Result<std::vector<std::uint8_t>> base64_decode(std::string_view text, Base64Alphabet alphabet) {
    const Error bad{"invalid_base64", alphabet == Base64Alphabet::standard
                                          ? "not standard base64 (A-Z a-z 0-9 + /, padded to a multiple of 4)"
                                          : "not URL-safe base64 (A-Z a-z 0-9 - _, no padding)"};
    if (alphabet == Base64Alphabet::standard) {
        if (text.size() % 4 != 0) return bad;
        std::size_t padding = 0;
        while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
        text.remove_suffix(padding);
    }
    if (text.size() % 4 == 1) return bad;  // 6 bits cannot end a byte
    std::array<int, 256> value{};
    value.fill(-1);
    const std::string_view table = letters(alphabet);
    for (std::size_t i = 0; i < table.size(); ++i)
        value[static_cast<unsigned char>(table[i])] = static_cast<int>(i);
    std::vector<std::uint8_t> out;
    out.reserve(3 * text.size() / 4);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = value[static_cast<unsigned char>(c)];
        if (v < 0) return bad;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((buffer >> bits) & 0xFF));
        }
    }
    // Leftover bits (2 or 4) are dropped without a look, as OpenSSL and browsers do: some encoders leave them set.
    return out;
}

}  // namespace wagw::util
