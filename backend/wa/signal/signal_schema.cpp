#include "backend/wa/signal/signal_schema.hpp"

#include <array>

namespace wagw::wa::signal {
namespace {

// Append only. Every *_sealed column is libsodium-sealed under the gateway's master key.
constexpr std::array kMigrations{
    store::Migration{1, "signal stores", R"sql(
        CREATE TABLE signal_local_identity (
            account                 TEXT PRIMARY KEY,
            registration_id         INTEGER NOT NULL,
            identity_public         BLOB NOT NULL,
            identity_private_sealed BLOB NOT NULL,
            next_pre_key_id         INTEGER NOT NULL,
            signed_pre_key_id       INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE signal_remote_identities (
            account         TEXT NOT NULL,
            name            TEXT NOT NULL,
            device          INTEGER NOT NULL,
            identity_public BLOB NOT NULL,
            PRIMARY KEY (account, name, device)
        ) WITHOUT ROWID;
        CREATE TABLE signal_pre_keys (
            account       TEXT NOT NULL,
            id            INTEGER NOT NULL,
            record_sealed BLOB NOT NULL,
            uploaded      INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (account, id)
        ) WITHOUT ROWID;
        CREATE TABLE signal_signed_pre_keys (
            account       TEXT NOT NULL,
            id            INTEGER NOT NULL,
            record_sealed BLOB NOT NULL,
            created_at    INTEGER NOT NULL DEFAULT (unixepoch()),
            PRIMARY KEY (account, id)
        ) WITHOUT ROWID;
        CREATE TABLE signal_sessions (
            account       TEXT NOT NULL,
            name          TEXT NOT NULL,
            device        INTEGER NOT NULL,
            record_sealed BLOB NOT NULL,
            PRIMARY KEY (account, name, device)
        ) WITHOUT ROWID;
        CREATE TABLE signal_sender_keys (
            account       TEXT NOT NULL,
            group_id      TEXT NOT NULL,
            sender_name   TEXT NOT NULL,
            sender_device INTEGER NOT NULL,
            record_sealed BLOB NOT NULL,
            PRIMARY KEY (account, group_id, sender_name, sender_device)
        ) WITHOUT ROWID;
    )sql"},
};

}  // namespace

std::span<const store::Migration> signal_migrations() { return kMigrations; }

}  // namespace wagw::wa::signal
