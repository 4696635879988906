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
    // The event log (store/event_repository.hpp): every published event with its id, kept for replay with
    // ?since= and pruned to a bound. AUTOINCREMENT, so an id is never handed out twice, even after the newest
    // rows were pruned: a consumer's `since` always means the same event.
    Migration{4, "events",
              R"sql(
        CREATE TABLE events (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ms      INTEGER NOT NULL,
            type       TEXT NOT NULL,
            session_id TEXT,
            payload    TEXT NOT NULL
        );
        CREATE INDEX events_by_time ON events(at_ms);
    )sql"},
    // Webhooks (store/webhook_repository.hpp). A delivery row carries the exact body it sends, so it survives
    // the event log's pruning and a replay sends the same bytes; every attempt is logged beside it.
    // webhook_cursor: the last event id turned into deliveries, so events stored just before a crash still get
    // theirs at the next start.
    Migration{5, "webhooks",
              R"sql(
        CREATE TABLE webhooks (
            id         TEXT PRIMARY KEY,
            url        TEXT NOT NULL,
            events     TEXT NOT NULL,
            sessions   TEXT NOT NULL,
            secret     TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE webhook_deliveries (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook_id      TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
            event_id        INTEGER NOT NULL,
            event_type      TEXT NOT NULL,
            body            TEXT NOT NULL,
            status          TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
        CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries(webhook_id, id);
        CREATE TABLE webhook_attempts (
            delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
            attempt     INTEGER NOT NULL,
            at_ms       INTEGER NOT NULL,
            status_code INTEGER NOT NULL,
            error       TEXT NOT NULL DEFAULT '',
            duration_ms INTEGER NOT NULL,
            PRIMARY KEY (delivery_id, attempt)
        );
        CREATE TABLE webhook_cursor (
            only_row      INTEGER PRIMARY KEY CHECK (only_row = 1),
            last_event_id INTEGER NOT NULL
        );
    )sql"},
    // Messages in both directions, and the outbox: an outgoing row is committed (status queued, WhatsApp id
    // fixed) before the API answers 202, and stays queued until the server acknowledged it, so a crash loses
    // nothing and a resend reuses the id. `seq` orders the outbox and pages lists. Idempotency keys are unique
    // per session (partial index: most messages have none).
    Migration{6, "messages",
              R"sql(
        CREATE TABLE messages (
            seq             INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id      TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            id              TEXT NOT NULL,
            chat            TEXT NOT NULL,
            direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
            type            TEXT NOT NULL,
            sender          TEXT NOT NULL DEFAULT '',
            push_name       TEXT NOT NULL DEFAULT '',
            text            TEXT NOT NULL DEFAULT '',
            content         TEXT NOT NULL,
            status          TEXT NOT NULL,
            status_reason   TEXT NOT NULL DEFAULT '',
            idempotency_key TEXT,
            request_hash    TEXT NOT NULL DEFAULT '',
            timestamp       INTEGER NOT NULL DEFAULT 0,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            UNIQUE (session_id, direction, chat, id)
        );
        CREATE UNIQUE INDEX messages_idempotency ON messages(session_id, idempotency_key)
            WHERE idempotency_key IS NOT NULL;
        CREATE INDEX messages_by_id ON messages(session_id, id);
        CREATE INDEX messages_by_chat ON messages(session_id, chat, seq);
        CREATE INDEX messages_outbox ON messages(session_id, seq) WHERE status = 'queued';
        CREATE TABLE message_status_history (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            message_seq INTEGER NOT NULL REFERENCES messages(seq) ON DELETE CASCADE,
            status      TEXT NOT NULL,
            reason      TEXT NOT NULL DEFAULT '',
            at_ms       INTEGER NOT NULL
        );
        CREATE INDEX message_status_history_by_message ON message_status_history(message_seq, seq);
    )sql"},
    // The media cache: each distinct file once, named by its SHA-256 (media_files), and a row per upload or
    // fetch (media) that points at it. last_used orders eviction (a counter, not a clock, so two uses in the
    // same millisecond still have an order); holds counts sends that still need the file.
    Migration{7, "media",
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
    // Message templates. Names are unique ignoring case (people pick templates by name); idempotency_key makes a
    // retried create return the first one instead of failing on its own name.
    Migration{8, "templates",
              R"sql(
        CREATE TABLE templates (
            id              TEXT PRIMARY KEY,
            name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
            body            TEXT NOT NULL,
            media_id        TEXT NOT NULL DEFAULT '',
            idempotency_key TEXT UNIQUE,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL
        );
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
