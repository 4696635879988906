#pragma once
// XEdDSA signatures over Curve25519 keys (Signal's scheme, used by WhatsApp for the Noise certificate chain,
// signed pre-keys and ADV identities), computed by libsignal-protocol-c so that they match libsignal-node.
#include "common/util/result.hpp"
#include "backend/wa/signal/curve25519.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace wagw::wa::signal {

using Signature = std::array<uint8_t, 64>;

// Randomised (64 fresh random bytes per signature), so two signatures of one message differ.
Result<Signature> xeddsa_sign(const PrivateKey& private_key, std::span<const uint8_t> message);

// `public_key` in either form (32 bytes, or 33 with 0x05). Errors: "invalid_key", "invalid_signature"
// (wrong length), "bad_signature" (does not verify).
Status xeddsa_verify(std::span<const uint8_t> public_key, std::span<const uint8_t> message,
                     std::span<const uint8_t> signature);

}  // namespace wagw::wa::signal
