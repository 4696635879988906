#pragma once
// Encrypting a file for WhatsApp's media servers and checking one downloaded from them:
// blob = AES-256-CBC(PKCS#7) ciphertext || first 10 bytes of HMAC-SHA256(mac key, iv || ciphertext).
// The message carries the media key and both hashes; a download is checked hash, MAC, then plaintext hash.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "backend/wa/media/media_keys.hpp"

namespace wagw::wa::media {

using Bytes = std::vector<std::uint8_t>;
using Sha256 = std::array<std::uint8_t, 32>;

struct EncryptedMedia {
    MediaKey media_key{};
    Bytes blob;  // what is uploaded
    Sha256 file_sha256{};
    Sha256 file_enc_sha256{};
    std::uint64_t file_length = 0;
};

// Encrypts under a fresh random media key (or the given one, for tests and re-uploads).
Result<EncryptedMedia> encrypt_media(MediaKind kind, std::span<const std::uint8_t> plaintext);
Result<EncryptedMedia> encrypt_media(MediaKind kind, std::span<const std::uint8_t> plaintext, const MediaKey& key);

struct ExpectedHashes {
    std::optional<Sha256> file_enc_sha256;  // checked before anything else when present
    std::optional<Sha256> file_sha256;      // checked on the decrypted bytes when present
};

// Errors: "media_hash_mismatch", "media_mac_mismatch", "media_corrupt" (too short / bad padding).
Result<Bytes> decrypt_media(MediaKind kind, std::span<const std::uint8_t> media_key, std::span<const std::uint8_t> blob,
                            const ExpectedHashes& expected = {});

Sha256 sha256(std::span<const std::uint8_t> data);
// The upload token and file name: base64url of fileEncSha256 without padding, as Baileys sends it.
std::string upload_token(const Sha256& file_enc_sha256);

}  // namespace wagw::wa::media
