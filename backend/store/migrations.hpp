#pragma once
// Versioned schema migrations. Each runs once, in its own transaction, recorded in schema_migrations;
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

// Applies the migrations newer than the database's version; returns the resulting version.
Result<int> apply_migrations(Database& db, std::span<const Migration> migrations);
Result<int> schema_version(Database& db);

}  // namespace wagw::store
