#include "backend/services/random_text.hpp"

#include <sodium.h>

#include <cstdlib>
#include <vector>

namespace wagw::services {
namespace {

std::vector<unsigned char> random_bytes(std::size_t bytes) {
    // Idempotent and thread-safe. Without a random source no key or token would be safe: stop rather than
    // hand out guessable ones.
    if (sodium_init() < 0) std::abort();
    std::vector<unsigned char> random(bytes);
    randombytes_buf(random.data(), random.size());
    return random;
}

}  // namespace

std::string random_hex(std::size_t bytes) {
    auto random = random_bytes(bytes);
    std::string hex(2 * bytes + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
    sodium_memzero(random.data(), random.size());
    hex.pop_back();
    return hex;
}

std::string random_base64url(std::size_t bytes) {
    auto random = random_bytes(bytes);
    constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string text(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
    sodium_bin2base64(text.data(), text.size(), random.data(), random.size(), variant);
    sodium_memzero(random.data(), random.size());
    text.resize(text.find('\0'));
    return text;
}

}  // namespace wagw::services
