#pragma once
// The admin API key. Only its BLAKE2b hash is stored, so the key itself is shown once: when it is created.
#include <optional>
#include <string>
#include <string_view>

#include "backend/store/settings.hpp"

namespace wagw::services {

// Creates the admin key when the gateway has none yet; returns the new key (to print once) or nothing.
Result<std::optional<std::string>> ensure_admin_key(store::Settings& settings);
Result<bool> is_admin_key(store::Settings& settings, std::string_view candidate);
// Makes `key` the admin key (WAGW_API_KEY): at least 24 characters, so it cannot be guessed.
Status set_admin_key(store::Settings& settings, std::string_view key);

// Checks request keys against the stored hash without a database read per request (requests are served on
// several threads; the database connection is not shared between them).
class AdminKeyVerifier {
public:
    static Result<AdminKeyVerifier> load(store::Settings& settings);
    bool matches(std::string_view candidate) const;

private:
    explicit AdminKeyVerifier(std::string hash_hex) : hash_hex_(std::move(hash_hex)) {}
    std::string hash_hex_;
};

}  // namespace wagw::services
