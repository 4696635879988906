#pragma once
// Standard base64 (RFC 4648 alphabet, with padding): the encoding of the keys inside QR strings.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::wa::pairing {

std::string base64_encode(std::span<const std::uint8_t> bytes);
// Error "invalid_base64" for characters outside the alphabet or a length that is not a multiple of 4.
Result<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace wagw::wa::pairing
