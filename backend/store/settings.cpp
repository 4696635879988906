#include "backend/store/settings.hpp"

namespace wagw::store {

Result<std::optional<std::string>> Settings::get(std::string_view key) {
    auto query = db_.prepare("SELECT value FROM settings WHERE key = ?");
    if (!query) return query.error();
    query->bind(1, key);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>{query->column_text(0)};
}

Status Settings::set(std::string_view key, std::string_view value) {
    auto upsert = db_.prepare(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = unixepoch()");
    if (!upsert) return upsert.error();
    upsert->bind(1, key).bind(2, value);
    return upsert->run();
}

}  // namespace wagw::store
