#pragma once
// WhatsApp's padding of the Message protobuf before Signal encryption (<enc v="2">): n bytes of value n,
// 1 <= n <= 16, so the length leaks less; the receiver strips as many bytes as the last byte says.
#include <cstdint>
#include <span>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::wa::signal {

std::vector<std::uint8_t> pad_message(std::span<const std::uint8_t> message);
// Checks the padding is well formed (all n bytes equal n) and returns the message without it.
Result<std::vector<std::uint8_t>> unpad_message(std::span<const std::uint8_t> padded);

}  // namespace wagw::wa::signal
