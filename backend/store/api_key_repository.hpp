#pragma once
// The api_keys table: keys other than the admin key, each with its scopes, the sessions it is limited to, and
// the hash of its secret (never the secret).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backend/store/database.hpp"

namespace wagw::store {

struct ApiKeyRecord {
    std::string id;  // public part of the key, e.g. key_0123456789abcdef
    std::string name;
    std::vector<std::string> scopes;
    std::optional<std::vector<std::string>> sessions;  // nothing: every session
    std::string secret_hash;                           // hex BLAKE2b of the secret
    std::int64_t created_at = 0;                       // unix ms
};

class ApiKeyRepository {
public:
    explicit ApiKeyRepository(Database& db) : db_(db) {}

    Status insert(const ApiKeyRecord& key);
    Result<std::vector<ApiKeyRecord>> list();  // oldest first
    // False when there was no such key.
    Result<bool> remove(const std::string& id);

private:
    Database& db_;
};

}  // namespace wagw::store
