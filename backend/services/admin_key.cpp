#include "backend/services/admin_key.hpp"

#include <sodium.h>

#include <array>

#include "backend/services/random_text.hpp"

namespace wagw::services {
namespace {

constexpr std::string_view kHashSetting = "admin_api_key_blake2b";
constexpr std::string_view kKeyPrefix = "wagw_";

std::string hash_hex(std::string_view key) {
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(key.data()),
                       key.size(), nullptr, 0);
    std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data());
}

std::string new_key() { return std::string(kKeyPrefix) + random_base64url(32); }

bool same_hash(std::string_view candidate, const std::string& expected_hash) {
    const std::string candidate_hash = hash_hex(candidate);
    return candidate_hash.size() == expected_hash.size() &&
           sodium_memcmp(candidate_hash.data(), expected_hash.data(), expected_hash.size()) == 0;
}

}  // namespace

Result<std::optional<std::string>> ensure_admin_key(store::Settings& settings) {
    if (sodium_init() < 0) return Error{"crypto", "libsodium could not be initialised"};
    auto stored = settings.get(kHashSetting);
    if (!stored) return stored.error();
    if (stored->has_value()) return std::optional<std::string>{};
    std::string key = new_key();
    if (auto s = settings.set(kHashSetting, hash_hex(key)); !s) return s.error();
    return std::optional<std::string>{std::move(key)};
}

Result<bool> is_admin_key(store::Settings& settings, std::string_view candidate) {
    auto stored = settings.get(kHashSetting);
    if (!stored) return stored.error();
    if (!stored->has_value()) return false;
    return same_hash(candidate, **stored);
}

Status set_admin_key(store::Settings& settings, std::string_view key) {
    if (sodium_init() < 0) return Error{"crypto", "libsodium could not be initialised"};
    if (key.size() < 24) return Error{"weak_api_key", "WAGW_API_KEY must be at least 24 characters long"};
    return settings.set(kHashSetting, hash_hex(key));
}

Result<AdminKeyVerifier> AdminKeyVerifier::load(store::Settings& settings) {
    auto stored = settings.get(kHashSetting);
    if (!stored) return stored.error();
    if (!stored->has_value()) return Error{"no_admin_key", "the gateway has no admin API key yet"};
    return AdminKeyVerifier(**stored);
}

bool AdminKeyVerifier::matches(std::string_view candidate) const { return same_hash(candidate, hash_hex_); }

}  // namespace wagw::services
