#pragma once
// Base64 (RFC 4648) for everything that puts bytes in text: keys inside QR strings, the WebSocket handshake,
// media upload tokens (the URL-safe alphabet without padding, as WhatsApp's clients send them), test tools.
// Plain C++ so the browser build has it too.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::util {

enum class Base64Alphabet {
    standard,          // A-Z a-z 0-9 + /, padded with '=' to a multiple of 4
    url_safe_unpadded  // A-Z a-z 0-9 - _, no padding
};

std::string base64_encode(std::span<const std::uint8_t> bytes,
                          Base64Alphabet alphabet = Base64Alphabet::standard);
// Error "invalid_base64" for characters outside the alphabet, misplaced padding or an impossible length.
Result<std::vector<std::uint8_t>> base64_decode(std::string_view text,
                                                Base64Alphabet alphabet = Base64Alphabet::standard);

}  // namespace wagw::util
