#pragma once
// The three primitives of Noise_XX_25519_AESGCM_SHA256 besides X25519: SHA-256, HKDF-SHA256 (two 32-byte
// outputs) and AES-256-GCM with WhatsApp's nonce layout. All over OpenSSL.
#include "common/util/result.hpp"
#include "backend/wa/noise/bytes.hpp"
#include "backend/wa/signal/secret_bytes.hpp"

#include <array>
#include <cstdint>
#include <utility>

namespace wagw::wa::noise {

using Key = signal::SecretBytes<32>;
using Hash = std::array<uint8_t, 32>;

Hash sha256(ByteView first, ByteView second = {});

// HKDF-SHA256(salt, ikm, info = "") expanded to 64 bytes and split in two halves, as MixKey and Split need.
std::pair<Key, Key> hkdf_sha256_split(ByteView salt, ByteView ikm);

// AES-256-GCM, IV = 8 zero bytes || counter (uint32 big-endian), 16-byte tag appended.
Bytes aes_gcm_seal(const Key& key, uint32_t counter, ByteView aad, ByteView plaintext);
// Errors: "truncated" (shorter than a tag), "bad_gcm_tag" (wrong key, counter, data or AAD).
Result<Bytes> aes_gcm_open(const Key& key, uint32_t counter, ByteView aad, ByteView ciphertext);

}  // namespace wagw::wa::noise
