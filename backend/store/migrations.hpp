#pragma once
// Versioned schema migrations. Each runs once, in its own transaction, recorded in schema_migrations under
// its component ("gateway", "signal", ...), so several layers can keep their tables in one database file;
// applying them again is a no-op.
#include <span>
#include <string_view>

#include "backend/store/database.hpp"

namespace wagw::store {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

std::span<const Migration> gateway_migrations();

inline constexpr std::string_view kGatewayComponent = "gateway";

// Applies the component's migrations newer than its recorded version; returns the resulting version.
Result<int> apply_migrations(Database& db, std::string_view component, std::span<const Migration> migrations);
Result<int> schema_version(Database& db, std::string_view component);

}  // namespace wagw::store
