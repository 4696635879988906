#pragma once
// Curve25519 keys as WhatsApp uses them for Noise, Signal and XEdDSA: 32-byte private scalars (clamped),
// 32-byte Montgomery public keys. The 33-byte Signal form (0x05 prefix) is handled in key_forms.hpp only.
#include "common/util/result.hpp"
#include "backend/wa/signal/secret_bytes.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace wagw::wa::signal {

using PublicKey = std::array<uint8_t, 32>;
using PrivateKey = SecretBytes<32>;
using SharedSecret = SecretBytes<32>;

struct KeyPair {
    PrivateKey private_key;
    PublicKey public_key{};

    // A fresh pair from the OS random generator.
    static KeyPair generate();
    // The pair for a stored private key (clamped here, so keys from other libraries work too).
    static KeyPair from_private(std::span<const uint8_t, 32> private_key);
};

// X25519 Diffie-Hellman. Fails on a low-order peer key (all-zero shared secret), which an honest peer never
// sends and an attacker would use to force a known secret.
Result<SharedSecret> x25519_agreement(const PrivateKey& own_private, std::span<const uint8_t, 32> peer_public);

}  // namespace wagw::wa::signal
