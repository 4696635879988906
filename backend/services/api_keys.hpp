#pragma once
// API keys besides the admin key: created with a name, scopes and optionally the sessions they may touch;
// shown once (only a hash of the secret is stored), listed without secrets, revoked by deleting them.
//
// A key reads "wagw_key_<16 hex>_<43 base64url>": the hex part is its public id (looked up, shown in lists),
// the rest a 256-bit secret compared by hash in constant time.
//
// Threads: requests authenticate from every I/O thread, so the keys live in memory behind a mutex (no SQLite
// read per request); the service owns its own database connection for the rare writes.
//
// Error codes: "invalid_field" (check() names the field), "not_found", "database".
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/services/admin_key.hpp"
#include "backend/services/principal.hpp"
#include "backend/store/api_key_repository.hpp"

namespace wagw::services {

struct ApiKeyInfo {
    std::string id;
    std::string name;
    std::vector<std::string> scopes;
    std::optional<std::vector<std::string>> sessions;
    std::int64_t created_at = 0;
};
nlohmann::json to_json(const ApiKeyInfo& key);

struct NewApiKey {
    std::string name;
    std::vector<std::string> scopes;
    std::optional<std::vector<std::string>> sessions;
};

struct CreatedApiKey {
    ApiKeyInfo info;
    std::string key;  // the whole key: give it to the caller once, never store or log it
};

// An error about one field of the request.
struct FieldError {
    Error error;
    std::string field;
};

class ApiKeys {
public:
    using Clock = std::function<std::int64_t()>;                    // unix ms
    using SessionExists = std::function<bool(const std::string&)>;  // for keys limited to sessions

    static Result<std::unique_ptr<ApiKeys>> load(store::Database db, AdminKeyVerifier admin, Clock clock,
                                                 SessionExists session_exists);

    // What is wrong with a request to create a key, naming the field; nothing when it may be created.
    std::optional<FieldError> check(const NewApiKey& request) const;
    Result<CreatedApiKey> create(const NewApiKey& request);
    std::vector<ApiKeyInfo> list() const;
    Status remove(const std::string& id);

    // The principal a presented key stands for, or nothing (unknown, malformed or revoked).
    std::optional<Principal> authenticate(std::string_view presented) const;

private:
    struct Held {
        ApiKeyInfo info;
        std::string secret_hash;
    };
    ApiKeys(store::Database db, AdminKeyVerifier admin, Clock clock, SessionExists session_exists)
        : db_(std::move(db)),
          repository_(db_),
          admin_(std::move(admin)),
          clock_(std::move(clock)),
          session_exists_(std::move(session_exists)) {}

    store::Database db_;
    store::ApiKeyRepository repository_;
    AdminKeyVerifier admin_;
    Clock clock_;
    SessionExists session_exists_;
    mutable std::mutex mutex_;
    std::map<std::string, Held> keys_;  // by id
};

}  // namespace wagw::services
