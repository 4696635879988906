#pragma once
// The one place that converts between the two public-key forms: WhatsApp nodes, Noise and ADV carry the raw
// 32-byte key; libsignal (and signature inputs for signed pre-keys) use 33 bytes, 0x05 type byte first.
#include "common/util/result.hpp"
#include "backend/wa/signal/curve25519.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace wagw::wa::signal {

inline constexpr uint8_t kDjbKeyType = 0x05;

using SignalPublicKey = std::array<uint8_t, 33>;

// Accepts either form; anything else (wrong length, wrong type byte) is an error.
Result<PublicKey> public_key_from_any_form(std::span<const uint8_t> bytes);

SignalPublicKey with_key_type(const PublicKey& key);

}  // namespace wagw::wa::signal
