#include "backend/services/api_keys.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "backend/services/random_text.hpp"

namespace wagw::services {
namespace {

constexpr std::string_view kKeyPrefix = "wagw_key_";
constexpr std::size_t kIdHexChars = 16;
constexpr std::size_t kSecretChars = 43;  // 32 bytes, base64url without padding
constexpr std::size_t kMaxNameChars = 64;

std::string hash_hex(std::string_view secret) {
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(secret.data()),
                       secret.size(), nullptr, 0);
    std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data());
}

bool is_lower_hex(std::string_view text) {
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
    }
    return true;
}

// Splits "wagw_key_<id hex>_<secret>" into the key id (key_<hex>) and the secret.
std::optional<std::pair<std::string, std::string_view>> split_key(std::string_view key) {
    if (!key.starts_with(kKeyPrefix)) return std::nullopt;
    key.remove_prefix(kKeyPrefix.size());
    if (key.size() != kIdHexChars + 1 + kSecretChars || key[kIdHexChars] != '_') return std::nullopt;
    const std::string_view id_hex = key.substr(0, kIdHexChars);
    if (!is_lower_hex(id_hex)) return std::nullopt;
    return std::make_pair("key_" + std::string(id_hex), key.substr(kIdHexChars + 1));
}

ApiKeyInfo info_of(const store::ApiKeyRecord& record) {
    return {record.id, record.name, record.scopes, record.sessions, record.created_at};
}

Principal principal_of(const ApiKeyInfo& info) {
    Principal principal{info.id, false, {}, std::nullopt};
    for (const std::string& name : info.scopes) {
        if (auto scope = api::parse_scope(name)) principal.scopes.insert(*scope);
    }
    if (info.sessions) principal.sessions.emplace(info.sessions->begin(), info.sessions->end());
    return principal;
}

}  // namespace

nlohmann::json to_json(const ApiKeyInfo& key) {
    nlohmann::json sessions = nullptr;
    if (key.sessions) sessions = *key.sessions;
    return {{"id", key.id},
            {"name", key.name},
            {"scopes", key.scopes},
            {"sessions", sessions},
            {"created_at", key.created_at}};
}

Result<std::unique_ptr<ApiKeys>> ApiKeys::load(store::Database db, AdminKeyVerifier admin, Clock clock,
                                               SessionExists session_exists) {
    if (sodium_init() < 0) return Error{"crypto", "libsodium could not be initialised"};
    std::unique_ptr<ApiKeys> keys(
        new ApiKeys(std::move(db), std::move(admin), std::move(clock), std::move(session_exists)));
    auto stored = keys->repository_.list();
    if (!stored) return stored.error();
    for (const store::ApiKeyRecord& record : *stored)
        keys->keys_[record.id] = {info_of(record), record.secret_hash};
    return keys;
}

std::optional<FieldError> ApiKeys::check(const NewApiKey& request) const {
    auto invalid = [](std::string field, std::string message) {
        return FieldError{{"invalid_field", std::move(message)}, std::move(field)};
    };
    if (request.name.empty() || request.name.size() > kMaxNameChars)
        return invalid("name", "name must be 1 to 64 characters");
    if (request.scopes.empty())
        return invalid("scopes", "scopes must name at least one scope, e.g. sessions:read");
    for (const std::string& name : request.scopes) {
        auto scope = api::parse_scope(name);
        if (!scope) return invalid("scopes", "unknown scope \"" + name + "\"");
        if (api::admin_only(*scope)) return invalid("scopes", name + " belongs to the admin key only");
    }
    if (request.sessions) {
        if (request.sessions->empty())
            return invalid("sessions", "sessions must list at least one session id (leave it out for all)");
        for (const std::string& id : *request.sessions) {
            if (session_exists_ && !session_exists_(id))
                return invalid("sessions", "no session has the id " + id);
        }
    }
    return std::nullopt;
}

Result<CreatedApiKey> ApiKeys::create(const NewApiKey& request) {
    if (auto wrong = check(request)) return wrong->error;
    // Scopes and sessions kept once each, in a stable order, so lists read the same however they were sent.
    std::set<std::string> scopes(request.scopes.begin(), request.scopes.end());
    store::ApiKeyRecord record;
    const std::string id_hex = random_hex(kIdHexChars / 2);
    const std::string secret = random_base64url(32);
    record.id = "key_" + id_hex;
    record.name = request.name;
    record.scopes.assign(scopes.begin(), scopes.end());
    if (request.sessions) {
        std::set<std::string> sessions(request.sessions->begin(), request.sessions->end());
        record.sessions.emplace(sessions.begin(), sessions.end());
    }
    record.secret_hash = hash_hex(secret);
    record.created_at = clock_();
    std::lock_guard lock(mutex_);
    if (auto stored = repository_.insert(record); !stored) return stored.error();
    keys_[record.id] = {info_of(record), record.secret_hash};
    return CreatedApiKey{info_of(record), std::string(kKeyPrefix) + id_hex + "_" + secret};
}

std::vector<ApiKeyInfo> ApiKeys::list() const {
    std::lock_guard lock(mutex_);
    std::vector<ApiKeyInfo> keys;
    for (const auto& [id, held] : keys_) keys.push_back(held.info);
    std::stable_sort(keys.begin(), keys.end(),
                     [](const ApiKeyInfo& a, const ApiKeyInfo& b) { return a.created_at < b.created_at; });
    return keys;
}

Status ApiKeys::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto removed = repository_.remove(id);
    if (!removed) return removed.error();
    if (!*removed) return Error{"not_found", "no API key has the id " + id};
    keys_.erase(id);
    return ok_status();
}

std::optional<Principal> ApiKeys::authenticate(std::string_view presented) const {
    if (admin_.matches(presented)) return Principal::administrator();
    auto parts = split_key(presented);
    if (!parts) return std::nullopt;
    const std::string candidate = hash_hex(parts->second);
    std::lock_guard lock(mutex_);
    auto held = keys_.find(parts->first);
    if (held == keys_.end()) return std::nullopt;
    const std::string& expected = held->second.secret_hash;
    if (candidate.size() != expected.size() ||
        sodium_memcmp(candidate.data(), expected.data(), expected.size()) != 0)
        return std::nullopt;
    return principal_of(held->second.info);
}

}  // namespace wagw::services
