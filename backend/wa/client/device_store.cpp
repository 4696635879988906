#include "backend/wa/client/device_store.hpp"

#include <openssl/rand.h>

#include "backend/wa/signal/signal_schema.hpp"

namespace wagw::wa::client {
namespace {

constexpr store::Migration kMigrations[] = {
    {1, "companion devices", R"sql(
        CREATE TABLE wa_client_devices (
            account            TEXT PRIMARY KEY,
            signal_account     TEXT NOT NULL UNIQUE,
            noise_key_sealed   BLOB NOT NULL,
            adv_secret_sealed  BLOB NOT NULL,
            jid                TEXT NOT NULL DEFAULT '',
            lid                TEXT NOT NULL DEFAULT '',
            platform           TEXT NOT NULL DEFAULT '',
            push_name          TEXT NOT NULL DEFAULT '',
            account_identity   BLOB,
            linked_at          INTEGER
        );
    )sql"},
    {2, "signed pre-key rotation time", R"sql(
        ALTER TABLE wa_client_devices ADD COLUMN signed_pre_key_rotated_at INTEGER NOT NULL DEFAULT 0;
    )sql"},
    {3, "phone number to LID map", R"sql(
        CREATE TABLE wa_client_lids (
            account   TEXT NOT NULL,
            pn_user   TEXT NOT NULL,
            lid_user  TEXT NOT NULL,
            PRIMARY KEY (account, pn_user)
        );
    )sql"},
    {4, "contacts' push names", R"sql(
        CREATE TABLE wa_client_push_names (
            account    TEXT NOT NULL,
            user       TEXT NOT NULL,
            push_name  TEXT NOT NULL,
            PRIMARY KEY (account, user)
        );
    )sql"},
};

// The Signal layer's tables keyed by account; wiping a link clears its rows there too.
constexpr const char* kSignalTables[] = {"signal_local_identity", "signal_remote_identities",
                                         "signal_pre_keys",       "signal_signed_pre_keys",
                                         "signal_sessions",       "signal_sender_keys"};

std::string random_hex(std::size_t bytes) {
    std::vector<std::uint8_t> raw(bytes);
    RAND_bytes(raw.data(), static_cast<int>(raw.size()));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (auto b : raw) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

// The per-account maps (PN -> LID user, user -> push name): one row per key, the newest value wins.
Status save_pair(store::Database& db, std::string_view table, std::string_view key, std::string_view value,
                 const std::string& account, const std::string& key_text, const std::string& value_text) {
    const std::string sql = "INSERT INTO " + std::string(table) + " (account, " + std::string(key) + ", " +
                            std::string(value) + ") VALUES (?, ?, ?) ON CONFLICT (account, " + std::string(key) +
                            ") DO UPDATE SET " + std::string(value) + " = excluded." + std::string(value);
    auto upsert = db.prepare(sql);
    if (!upsert) return upsert.error();
    upsert->bind(1, account).bind(2, key_text).bind(3, value_text);
    return upsert->run();
}

Result<std::map<std::string, std::string>> read_pairs(store::Database& db, std::string_view table,
                                                      std::string_view key, std::string_view value,
                                                      const std::string& account) {
    auto query = db.prepare("SELECT " + std::string(key) + ", " + std::string(value) + " FROM " +
                            std::string(table) + " WHERE account = ?");
    if (!query) return query.error();
    query->bind(1, account);
    std::map<std::string, std::string> found;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        found[query->column_text(0)] = query->column_text(1);
    }
    return found;
}

}  // namespace

std::span<const store::Migration> client_migrations() {
    return kMigrations;
}

Result<DeviceStore> DeviceStore::open(store::Database& db, const store::SecretBox& box) {
    // A gateway holds one connection per linked account, a thousand of them idle at once. SQLite's default
    // page cache (up to 2 MiB) would keep every page a client ever touched resident, the 812 pre-keys of the
    // first upload included: ~170 KB per client (tools/bench/client_bench). A client's hot rows (device,
    // identity, a few sessions) fit in 64 KiB; other pages come back from the OS file cache.
    if (auto sized = db.execute("PRAGMA cache_size = -64"); !sized) return sized.error();
    if (auto applied = store::apply_migrations(db, signal::kSignalComponent, signal::signal_migrations());
        !applied) {
        return applied.error();
    }
    if (auto applied = store::apply_migrations(db, kClientComponent, client_migrations()); !applied) {
        return applied.error();
    }
    return DeviceStore(db, box);
}

Result<bool> DeviceStore::exists(const std::string& account) {
    auto query = db_->prepare("SELECT 1 FROM wa_client_devices WHERE account = ?");
    if (!query) return query.error();
    query->bind(1, account);
    return query->step();
}

Result<DeviceRecord> DeviceStore::load_or_create(const std::string& account) {
    auto query = db_->prepare(
        "SELECT signal_account, noise_key_sealed, adv_secret_sealed, jid, lid, platform, push_name, "
        "account_identity, "
        "signed_pre_key_rotated_at FROM wa_client_devices WHERE account = ?");
    if (!query) return query.error();
    query->bind(1, account);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return create(account);

    auto noise = box_->open(query->column_blob(1));
    auto adv = box_->open(query->column_blob(2));
    if (!noise || !adv)
        return Error{"device_store_corrupt", "stored device keys cannot be opened with this master key"};
    if (noise->size() != 32 || adv->size() != 32) {
        return Error{"device_store_corrupt", "stored device keys have the wrong size"};
    }
    DeviceRecord record;
    record.account = account;
    record.signal_account = query->column_text(0);
    record.noise_key = signal::KeyPair::from_private(std::span<const std::uint8_t, 32>(noise->data(), 32));
    record.adv_secret = signal::SecretBytes<32>(std::span<const std::uint8_t, 32>(adv->data(), 32));
    record.jid = query->column_text(3);
    record.lid = query->column_text(4);
    record.platform = query->column_text(5);
    record.push_name = query->column_text(6);
    if (!query->column_is_null(7)) record.account_identity = query->column_blob(7);
    record.signed_pre_key_rotated_at = query->column_int(8);
    return record;
}

Result<DeviceRecord> DeviceStore::create(const std::string& account) {
    DeviceRecord record;
    record.account = account;
    record.signal_account = account + "/" + random_hex(8);
    record.noise_key = signal::KeyPair::generate();
    if (RAND_bytes(record.adv_secret.data(), 32) != 1)
        return Error{"random_failed", "no random bytes for the ADV secret"};

    auto insert = db_->prepare(
        "INSERT INTO wa_client_devices (account, signal_account, noise_key_sealed, adv_secret_sealed) "
        "VALUES (?, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, account)
        .bind(2, record.signal_account)
        .bind_blob(3, box_->seal(record.noise_key.private_key.span()))
        .bind_blob(4, box_->seal(record.adv_secret.span()));
    if (auto done = insert->run(); !done) return done.error();
    return record;
}

Status DeviceStore::save_link(const DeviceRecord& record) {
    auto update = db_->prepare(
        "UPDATE wa_client_devices SET jid = ?, lid = ?, platform = ?, push_name = ?, account_identity = ?, "
        "linked_at = strftime('%s','now'), signed_pre_key_rotated_at = ? WHERE account = ?");
    if (!update) return update.error();
    update->bind(1, record.jid)
        .bind(2, record.lid)
        .bind(3, record.platform)
        .bind(4, record.push_name)
        .bind_blob(5, record.account_identity)
        .bind(6, record.signed_pre_key_rotated_at)
        .bind(7, record.account);
    return update->run();
}

Status DeviceStore::save_push_name(const std::string& account, const std::string& push_name) {
    auto update = db_->prepare("UPDATE wa_client_devices SET push_name = ? WHERE account = ?");
    if (!update) return update.error();
    update->bind(1, push_name).bind(2, account);
    return update->run();
}

Status DeviceStore::save_lid(const std::string& account, const std::string& pn_user,
                             const std::string& lid_user) {
    return save_pair(*db_, "wa_client_lids", "pn_user", "lid_user", account, pn_user, lid_user);
}

Result<std::map<std::string, std::string>> DeviceStore::lids(const std::string& account) {
    return read_pairs(*db_, "wa_client_lids", "pn_user", "lid_user", account);
}

Status DeviceStore::save_contact_push_name(const std::string& account, const std::string& user,
                                          const std::string& push_name) {
    return save_pair(*db_, "wa_client_push_names", "user", "push_name", account, user, push_name);
}

Result<std::map<std::string, std::string>> DeviceStore::contact_push_names(const std::string& account) {
    return read_pairs(*db_, "wa_client_push_names", "user", "push_name", account);
}

Status DeviceStore::wipe(const std::string& account) {
    auto transaction = store::Transaction::begin(*db_);
    if (!transaction) return transaction.error();
    auto query = db_->prepare("SELECT signal_account FROM wa_client_devices WHERE account = ?");
    if (!query) return query.error();
    query->bind(1, account);
    auto row = query->step();
    if (!row) return row.error();
    if (*row) {
        std::string signal_account = query->column_text(0);
        for (const char* table : kSignalTables) {
            auto remove = db_->prepare(std::string("DELETE FROM ") + table + " WHERE account = ?");
            if (!remove) return remove.error();
            remove->bind(1, signal_account);
            if (auto done = remove->run(); !done) return done;
        }
    }
    for (const char* table : {"wa_client_lids", "wa_client_push_names"}) {
        auto forget = db_->prepare(std::string("DELETE FROM ") + table + " WHERE account = ?");
        if (!forget) return forget.error();
        forget->bind(1, account);
        if (auto done = forget->run(); !done) return done;
    }
    auto remove = db_->prepare("DELETE FROM wa_client_devices WHERE account = ?");
    if (!remove) return remove.error();
    remove->bind(1, account);
    if (auto done = remove->run(); !done) return done;
    return transaction->commit();
}

}  // namespace wagw::wa::client
