#include "backend/store/migrations.hpp"

#include <array>
#include <string>

namespace wagw::store {
namespace {

// Append only: a released migration is never edited, a change gets a new version.
constexpr std::array kGatewayMigrations{
    Migration{1, "settings",
              R"sql(
        CREATE TABLE settings (
            key        TEXT PRIMARY KEY,
            value      TEXT NOT NULL,
            updated_at INTEGER NOT NULL DEFAULT (unixepoch())
        );
    )sql"},
    // Sessions and their state history. Each session's protocol data (device keys, Signal sessions) lives in
    // its own file, DATA/sessions/<id>/client.db (session_repository.hpp says why); this database only holds
    // what the gateway needs to list, supervise and report them.
    Migration{2, "sessions",
              R"sql(
        CREATE TABLE sessions (
            id              TEXT PRIMARY KEY,
            name            TEXT NOT NULL UNIQUE,
            state           TEXT NOT NULL,
            state_reason    TEXT NOT NULL DEFAULT '',
            desired_running INTEGER NOT NULL DEFAULT 0,
            jid             TEXT NOT NULL DEFAULT '',
            phone           TEXT NOT NULL DEFAULT '',
            push_name       TEXT NOT NULL DEFAULT '',
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL
        );
        CREATE TABLE session_history (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            at_ms      INTEGER NOT NULL,
            state      TEXT NOT NULL,
            reason     TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX session_history_by_session ON session_history(session_id, seq);
    )sql"},
    // API keys besides the admin key. The key's secret is never stored: only its BLAKE2b hash (the secret is
    // 32 random bytes, so a slow password hash would add nothing but latency to every request). Scopes and
    // sessions are space-separated lists; sessions NULL means every session.
    Migration{3, "api_keys",
              R"sql(
        CREATE TABLE api_keys (
            id          TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            scopes      TEXT NOT NULL,
            sessions    TEXT,
            secret_hash TEXT NOT NULL,
            created_at  INTEGER NOT NULL
        );
    )sql"},
    // The media cache: each distinct file once, named by its SHA-256 (media_files), and a row per upload or
    // fetch (media) that points at it. last_used orders eviction (a counter, not a clock, so two uses in the
    // same millisecond still have an order); holds counts sends that still need the file.
    Migration{4, "media",
              R"sql(
        CREATE TABLE media_files (
            sha256    TEXT PRIMARY KEY,
            size      INTEGER NOT NULL,
            last_used INTEGER NOT NULL,
            holds     INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX media_files_by_use ON media_files(last_used);
        CREATE TABLE media (
            id         TEXT PRIMARY KEY,
            session_id TEXT NOT NULL,
            sha256     TEXT NOT NULL REFERENCES media_files(sha256) ON DELETE CASCADE,
            size       INTEGER NOT NULL,
            mimetype   TEXT NOT NULL,
            file_name  TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL
        );
        CREATE INDEX media_by_file ON media(sha256);
    )sql"},
};

Status ensure_migration_table(Database& db) {
    return db.execute(R"sql(
        CREATE TABLE IF NOT EXISTS schema_migrations (
            component  TEXT NOT NULL,
            version    INTEGER NOT NULL,
            name       TEXT NOT NULL,
            applied_at INTEGER NOT NULL DEFAULT (unixepoch()),
            PRIMARY KEY (component, version)
        );
    )sql");
}

}  // namespace

std::span<const Migration> gateway_migrations() { return kGatewayMigrations; }

Result<int> schema_version(Database& db, std::string_view component) {
    if (auto s = ensure_migration_table(db); !s) return s.error();
    auto query = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?");
    if (!query) return query.error();
    query->bind(1, component);
    auto row = query->step();
    if (!row) return row.error();
    return static_cast<int>(query->column_int(0));
}

Result<int> apply_migrations(Database& db, std::string_view component, std::span<const Migration> migrations) {
    auto current = schema_version(db, component);
    if (!current) return current.error();
    int version = *current;
    for (const Migration& migration : migrations) {
        if (migration.version <= version) continue;
        auto tx = Transaction::begin(db);
        if (!tx) return tx.error();
        if (auto s = db.execute(migration.sql); !s) {
            return Error{"migration", std::string(component) + " migration " + std::to_string(migration.version) +
                                          " (" + std::string(migration.name) + ") failed: " + s.error().message};
        }
        auto record = db.prepare("INSERT INTO schema_migrations(component, version, name) VALUES (?, ?, ?)");
        if (!record) return record.error();
        record->bind(1, component).bind(2, std::int64_t{migration.version}).bind(3, migration.name);
        if (auto s = record->run(); !s) return s.error();
        if (auto s = tx->commit(); !s) return s.error();
        version = migration.version;
    }
    return version;
}

}  // namespace wagw::store
