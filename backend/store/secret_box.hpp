#pragma once
// Encryption of secrets at rest (device keys, Signal sessions): libsodium's secretbox (XSalsa20-Poly1305)
// under the gateway's master key. A sealed value is nonce || ciphertext+tag; tampering is detected on open.
#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::store {

class SecretBox {
public:
    static constexpr std::size_t kKeySize = 32;

    static Result<SecretBox> from_key(std::span<const std::uint8_t> key);
    // Reads the master key file, creating it (32 random bytes, mode 0600) when missing.
    static Result<SecretBox> from_key_file(const std::filesystem::path& file);

    SecretBox(const SecretBox&) = delete;
    SecretBox& operator=(const SecretBox&) = delete;
    SecretBox(SecretBox&& other) noexcept;
    SecretBox& operator=(SecretBox&&) = delete;
    ~SecretBox();

    std::vector<std::uint8_t> seal(std::span<const std::uint8_t> plaintext) const;
    Result<std::vector<std::uint8_t>> open(std::span<const std::uint8_t> sealed) const;

private:
    SecretBox() = default;
    std::array<std::uint8_t, kKeySize> key_{};
};

}  // namespace wagw::store
