#pragma once
// Who made a request: the admin key or one of the API keys, with what it may do. Built once per request by
// the key check and handed to the handlers that need it (listing only a key's own sessions).
#include <optional>
#include <set>
#include <string>

#include "common/api/scopes.hpp"

namespace wagw::services {

struct Principal {
    std::string id;  // "admin", or the key's id (key_...)
    bool admin = false;
    std::set<api::Scope> scopes;
    std::optional<std::set<std::string>> sessions;  // nothing: every session

    static Principal administrator() { return {"admin", true, {}, std::nullopt}; }

    bool has(api::Scope scope) const {
        return admin || scope == api::Scope::Public || scopes.contains(scope);
    }
    bool may_touch_session(const std::string& id) const { return !sessions || sessions->contains(id); }
};

}  // namespace wagw::services
