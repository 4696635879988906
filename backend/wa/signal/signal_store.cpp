#include "backend/wa/signal/signal_store.hpp"

#include <string_view>

namespace wagw::wa::signal {
namespace {

SignalStore& me(void* self) { return *static_cast<SignalStore*>(self); }

std::string_view name_of(const signal_protocol_address* address) { return {address->name, address->name_len}; }

signal_buffer* to_signal_buffer(const Bytes& bytes) { return signal_buffer_create(bytes.data(), bytes.size()); }

}  // namespace

void SignalStore::attach(signal_protocol_store_context* context) {
    const signal_protocol_session_store sessions{&load_session,        &sub_device_sessions, &store_session,
                                                 &contains_session,    &delete_session,      &delete_all_sessions,
                                                 nullptr,              this};
    const signal_protocol_pre_key_store pre_keys{&load_pre_key, &store_pre_key, &contains_pre_key, &remove_pre_key,
                                                 nullptr, this};
    const signal_protocol_signed_pre_key_store signed_pre_keys{&load_signed_pre_key, &store_signed_pre_key,
                                                               &contains_signed_pre_key, &remove_signed_pre_key,
                                                               nullptr, this};
    const signal_protocol_identity_key_store identities{&identity_key_pair, &local_registration_id, &save_identity,
                                                        &is_trusted_identity, nullptr, this};
    const signal_protocol_sender_key_store sender_keys{&store_sender_key, &load_sender_key, nullptr, this};
    signal_protocol_store_context_set_session_store(context, &sessions);
    signal_protocol_store_context_set_pre_key_store(context, &pre_keys);
    signal_protocol_store_context_set_signed_pre_key_store(context, &signed_pre_keys);
    signal_protocol_store_context_set_identity_key_store(context, &identities);
    signal_protocol_store_context_set_sender_key_store(context, &sender_keys);
}

int SignalStore::fail(const Error& error) {
    last_failure_ = error.message;
    return SG_ERR_UNKNOWN;
}

Status SignalStore::run(std::string_view sql, const std::function<void(store::Statement&)>& bind) {
    auto statement = db_.prepare(sql);
    if (!statement) return statement.error();
    bind(*statement);
    return statement->run();
}

Result<bool> SignalStore::exists(std::string_view sql, const std::function<void(store::Statement&)>& bind) {
    auto statement = db_.prepare(sql);
    if (!statement) return statement.error();
    bind(*statement);
    return statement->step();
}

Result<std::optional<Bytes>> SignalStore::load_sealed(std::string_view sql,
                                                      const std::function<void(store::Statement&)>& bind) {
    auto statement = db_.prepare(sql);
    if (!statement) return statement.error();
    bind(*statement);
    auto row = statement->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Bytes>{};
    auto opened = box_.open(statement->column_blob(0));
    if (!opened) return opened.error();
    return std::optional<Bytes>{std::move(*opened)};
}

// --- local identity -------------------------------------------------------------------------------------

Result<std::optional<StoredLocalIdentity>> SignalStore::load_local_identity() {
    auto query = db_.prepare(
        "SELECT registration_id, identity_public, identity_private_sealed, next_pre_key_id, signed_pre_key_id "
        "FROM signal_local_identity WHERE account = ?");
    if (!query) return query.error();
    query->bind(1, account_);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<StoredLocalIdentity>{};
    auto private_key = box_.open(query->column_blob(2));
    if (!private_key) return private_key.error();
    return std::optional<StoredLocalIdentity>{StoredLocalIdentity{
        static_cast<std::uint32_t>(query->column_int(0)), query->column_blob(1), std::move(*private_key),
        static_cast<std::uint32_t>(query->column_int(3)), static_cast<std::uint32_t>(query->column_int(4))}};
}

Status SignalStore::save_local_identity(const StoredLocalIdentity& identity) {
    return run(
        "INSERT INTO signal_local_identity(account, registration_id, identity_public, identity_private_sealed, "
        "next_pre_key_id, signed_pre_key_id) VALUES (?, ?, ?, ?, ?, ?)",
        [&](store::Statement& s) {
            s.bind(1, account_)
                .bind(2, std::int64_t{identity.registration_id})
                .bind_blob(3, identity.identity_public)
                .bind_blob(4, box_.seal(identity.identity_private))
                .bind(5, std::int64_t{identity.next_pre_key_id})
                .bind(6, std::int64_t{identity.signed_pre_key_id});
        });
}

Status SignalStore::set_next_pre_key_id(std::uint32_t next_id) {
    return run("UPDATE signal_local_identity SET next_pre_key_id = ? WHERE account = ?",
               [&](store::Statement& s) { s.bind(1, std::int64_t{next_id}).bind(2, account_); });
}

Status SignalStore::set_signed_pre_key_id(std::uint32_t id) {
    return run("UPDATE signal_local_identity SET signed_pre_key_id = ? WHERE account = ?",
               [&](store::Statement& s) { s.bind(1, std::int64_t{id}).bind(2, account_); });
}

int SignalStore::identity_key_pair(signal_buffer** public_data, signal_buffer** private_data, void* self) {
    auto identity = me(self).load_local_identity();
    if (!identity) return me(self).fail(identity.error());
    if (!identity->has_value()) return me(self).fail({"no_identity", "this account has no Signal identity yet"});
    *public_data = to_signal_buffer((*identity)->identity_public);
    *private_data = to_signal_buffer((*identity)->identity_private);
    return SG_SUCCESS;
}

int SignalStore::local_registration_id(void* self, uint32_t* registration_id) {
    auto identity = me(self).load_local_identity();
    if (!identity) return me(self).fail(identity.error());
    if (!identity->has_value()) return me(self).fail({"no_identity", "this account has no Signal identity yet"});
    *registration_id = (*identity)->registration_id;
    return SG_SUCCESS;
}

// --- remote identities -----------------------------------------------------------------------------------

Result<std::optional<Bytes>> SignalStore::remote_identity(const std::string& name, std::int32_t device) {
    auto query = db_.prepare(
        "SELECT identity_public FROM signal_remote_identities WHERE account = ? AND name = ? AND device = ?");
    if (!query) return query.error();
    query->bind(1, account_).bind(2, name).bind(3, std::int64_t{device});
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<Bytes>{};
    return std::optional<Bytes>{query->column_blob(0)};
}

Status SignalStore::save_remote_identity(const std::string& name, std::int32_t device,
                                         std::span<const std::uint8_t> key) {
    return run(
        "INSERT INTO signal_remote_identities(account, name, device, identity_public) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(account, name, device) DO UPDATE SET identity_public = excluded.identity_public",
        [&](store::Statement& s) { s.bind(1, account_).bind(2, name).bind(3, std::int64_t{device}).bind_blob(4, key); });
}

int SignalStore::save_identity(const signal_protocol_address* address, uint8_t* key, size_t key_len, void* self) {
    SignalStore& store = me(self);
    const std::string name(name_of(address));
    Status saved = key == nullptr
                       ? store.run("DELETE FROM signal_remote_identities WHERE account = ? AND name = ? AND device = ?",
                                   [&](store::Statement& s) {
                                       s.bind(1, store.account_).bind(2, name).bind(3, std::int64_t{address->device_id});
                                   })
                       : store.save_remote_identity(name, address->device_id, std::span<const std::uint8_t>(key, key_len));
    return saved ? SG_SUCCESS : store.fail(saved.error());
}

int SignalStore::is_trusted_identity(const signal_protocol_address* address, uint8_t* key, size_t key_len,
                                     void* self) {
    SignalStore& store = me(self);
    // WhatsApp clients accept a contact's new identity (a reinstall) and carry on; strict mode is for callers
    // that want to stop and ask first.
    if (store.accept_identity_changes_) return 1;
    auto known = store.remote_identity(std::string(name_of(address)), address->device_id);
    if (!known) return store.fail(known.error());
    if (!known->has_value()) return 1;  // trust on first use
    return **known == Bytes(key, key + key_len) ? 1 : 0;
}

// --- sessions --------------------------------------------------------------------------------------------

int SignalStore::load_session(signal_buffer** record, signal_buffer**, const signal_protocol_address* address,
                              void* self) {
    SignalStore& store = me(self);
    auto loaded = store.load_sealed(
        "SELECT record_sealed FROM signal_sessions WHERE account = ? AND name = ? AND device = ?",
        [&](store::Statement& s) {
            s.bind(1, store.account_).bind(2, name_of(address)).bind(3, std::int64_t{address->device_id});
        });
    if (!loaded) return store.fail(loaded.error());
    if (!loaded->has_value()) return 0;
    *record = to_signal_buffer(**loaded);
    return 1;
}

int SignalStore::sub_device_sessions(signal_int_list** sessions, const char* name, size_t name_len, void* self) {
    SignalStore& store = me(self);
    auto query = store.db_.prepare("SELECT device FROM signal_sessions WHERE account = ? AND name = ? AND device != 0");
    if (!query) return store.fail(query.error());
    query->bind(1, store.account_).bind(2, std::string_view(name, name_len));
    signal_int_list* list = signal_int_list_alloc();
    int count = 0;
    for (;;) {
        auto row = query->step();
        if (!row) {
            signal_int_list_free(list);
            return store.fail(row.error());
        }
        if (!*row) break;
        signal_int_list_push_back(list, static_cast<int>(query->column_int(0)));
        ++count;
    }
    *sessions = list;
    return count;
}

int SignalStore::store_session(const signal_protocol_address* address, uint8_t* record, size_t record_len,
                               uint8_t*, size_t, void* self) {
    SignalStore& store = me(self);
    Status saved = store.run(
        "INSERT INTO signal_sessions(account, name, device, record_sealed) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(account, name, device) DO UPDATE SET record_sealed = excluded.record_sealed",
        [&](store::Statement& s) {
            s.bind(1, store.account_)
                .bind(2, name_of(address))
                .bind(3, std::int64_t{address->device_id})
                .bind_blob(4, store.box_.seal(std::span<const std::uint8_t>(record, record_len)));
        });
    return saved ? SG_SUCCESS : store.fail(saved.error());
}

int SignalStore::contains_session(const signal_protocol_address* address, void* self) {
    SignalStore& store = me(self);
    auto found = store.exists("SELECT 1 FROM signal_sessions WHERE account = ? AND name = ? AND device = ?",
                              [&](store::Statement& s) {
                                  s.bind(1, store.account_).bind(2, name_of(address)).bind(3, std::int64_t{address->device_id});
                              });
    if (!found) return store.fail(found.error());
    return *found ? 1 : 0;
}

int SignalStore::delete_session(const signal_protocol_address* address, void* self) {
    SignalStore& store = me(self);
    Status deleted = store.run("DELETE FROM signal_sessions WHERE account = ? AND name = ? AND device = ?",
                               [&](store::Statement& s) {
                                   s.bind(1, store.account_).bind(2, name_of(address)).bind(3, std::int64_t{address->device_id});
                               });
    return deleted ? 1 : store.fail(deleted.error());
}

int SignalStore::delete_all_sessions(const char* name, size_t name_len, void* self) {
    SignalStore& store = me(self);
    Status deleted = store.run("DELETE FROM signal_sessions WHERE account = ? AND name = ?", [&](store::Statement& s) {
        s.bind(1, store.account_).bind(2, std::string_view(name, name_len));
    });
    return deleted ? 1 : store.fail(deleted.error());
}

// --- pre-keys ---------------------------------------------------------------------------------------------

Status SignalStore::save_pre_key(std::uint32_t id, std::span<const std::uint8_t> record) {
    return run(
        "INSERT INTO signal_pre_keys(account, id, record_sealed) VALUES (?, ?, ?) "
        "ON CONFLICT(account, id) DO UPDATE SET record_sealed = excluded.record_sealed, uploaded = 0",
        [&](store::Statement& s) { s.bind(1, account_).bind(2, std::int64_t{id}).bind_blob(3, box_.seal(record)); });
}

Result<std::optional<Bytes>> SignalStore::load_pre_key_record(std::uint32_t id) {
    return load_sealed("SELECT record_sealed FROM signal_pre_keys WHERE account = ? AND id = ?",
                       [&](store::Statement& s) { s.bind(1, account_).bind(2, std::int64_t{id}); });
}

Result<std::vector<std::uint32_t>> SignalStore::pre_key_ids(bool uploaded) {
    auto query = db_.prepare("SELECT id FROM signal_pre_keys WHERE account = ? AND uploaded = ? ORDER BY id");
    if (!query) return query.error();
    query->bind(1, account_).bind(2, std::int64_t{uploaded ? 1 : 0});
    std::vector<std::uint32_t> ids;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) return ids;
        ids.push_back(static_cast<std::uint32_t>(query->column_int(0)));
    }
}

Status SignalStore::mark_pre_keys_uploaded(const std::vector<std::uint32_t>& ids) {
    for (std::uint32_t id : ids) {
        if (auto s = run("UPDATE signal_pre_keys SET uploaded = 1 WHERE account = ? AND id = ?",
                         [&](store::Statement& st) { st.bind(1, account_).bind(2, std::int64_t{id}); });
            !s) {
            return s;
        }
    }
    return ok_status();
}

int SignalStore::load_pre_key(signal_buffer** record, uint32_t id, void* self) {
    SignalStore& store = me(self);
    auto loaded = store.load_pre_key_record(id);
    if (!loaded) return store.fail(loaded.error());
    if (!loaded->has_value()) return SG_ERR_INVALID_KEY_ID;
    *record = to_signal_buffer(**loaded);
    return SG_SUCCESS;
}

int SignalStore::store_pre_key(uint32_t id, uint8_t* record, size_t record_len, void* self) {
    Status saved = me(self).save_pre_key(id, std::span<const std::uint8_t>(record, record_len));
    return saved ? SG_SUCCESS : me(self).fail(saved.error());
}

int SignalStore::contains_pre_key(uint32_t id, void* self) {
    SignalStore& store = me(self);
    auto found = store.exists("SELECT 1 FROM signal_pre_keys WHERE account = ? AND id = ?",
                              [&](store::Statement& s) { s.bind(1, store.account_).bind(2, std::int64_t{id}); });
    if (!found) return store.fail(found.error());
    return *found ? 1 : 0;
}

int SignalStore::remove_pre_key(uint32_t id, void* self) {
    SignalStore& store = me(self);
    Status removed = store.run("DELETE FROM signal_pre_keys WHERE account = ? AND id = ?", [&](store::Statement& s) {
        s.bind(1, store.account_).bind(2, std::int64_t{id});
    });
    return removed ? SG_SUCCESS : store.fail(removed.error());
}

// --- signed pre-keys ----------------------------------------------------------------------------------------

Status SignalStore::save_signed_pre_key(std::uint32_t id, std::span<const std::uint8_t> record) {
    return run(
        "INSERT INTO signal_signed_pre_keys(account, id, record_sealed) VALUES (?, ?, ?) "
        "ON CONFLICT(account, id) DO UPDATE SET record_sealed = excluded.record_sealed",
        [&](store::Statement& s) { s.bind(1, account_).bind(2, std::int64_t{id}).bind_blob(3, box_.seal(record)); });
}

Status SignalStore::delete_signed_pre_keys_except(std::uint32_t keep, std::uint32_t also_keep) {
    return run("DELETE FROM signal_signed_pre_keys WHERE account = ? AND id NOT IN (?, ?)", [&](store::Statement& s) {
        s.bind(1, account_).bind(2, std::int64_t{keep}).bind(3, std::int64_t{also_keep});
    });
}

Result<std::optional<Bytes>> SignalStore::load_signed_pre_key_record(std::uint32_t id) {
    return load_sealed("SELECT record_sealed FROM signal_signed_pre_keys WHERE account = ? AND id = ?",
                       [&](store::Statement& s) { s.bind(1, account_).bind(2, std::int64_t{id}); });
}

int SignalStore::load_signed_pre_key(signal_buffer** record, uint32_t id, void* self) {
    SignalStore& store = me(self);
    auto loaded = store.load_signed_pre_key_record(id);
    if (!loaded) return store.fail(loaded.error());
    if (!loaded->has_value()) return SG_ERR_INVALID_KEY_ID;
    *record = to_signal_buffer(**loaded);
    return SG_SUCCESS;
}

int SignalStore::store_signed_pre_key(uint32_t id, uint8_t* record, size_t record_len, void* self) {
    Status saved = me(self).save_signed_pre_key(id, std::span<const std::uint8_t>(record, record_len));
    return saved ? SG_SUCCESS : me(self).fail(saved.error());
}

int SignalStore::contains_signed_pre_key(uint32_t id, void* self) {
    SignalStore& store = me(self);
    auto found = store.exists("SELECT 1 FROM signal_signed_pre_keys WHERE account = ? AND id = ?",
                              [&](store::Statement& s) { s.bind(1, store.account_).bind(2, std::int64_t{id}); });
    if (!found) return store.fail(found.error());
    return *found ? 1 : 0;
}

int SignalStore::remove_signed_pre_key(uint32_t id, void* self) {
    SignalStore& store = me(self);
    Status removed = store.run("DELETE FROM signal_signed_pre_keys WHERE account = ? AND id = ?",
                               [&](store::Statement& s) { s.bind(1, store.account_).bind(2, std::int64_t{id}); });
    return removed ? SG_SUCCESS : store.fail(removed.error());
}

// --- sender keys ----------------------------------------------------------------------------------------------

int SignalStore::store_sender_key(const signal_protocol_sender_key_name* name, uint8_t* record, size_t record_len,
                                  uint8_t*, size_t, void* self) {
    SignalStore& store = me(self);
    Status saved = store.run(
        "INSERT INTO signal_sender_keys(account, group_id, sender_name, sender_device, record_sealed) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(account, group_id, sender_name, sender_device) "
        "DO UPDATE SET record_sealed = excluded.record_sealed",
        [&](store::Statement& s) {
            s.bind(1, store.account_)
                .bind(2, std::string_view(name->group_id, name->group_id_len))
                .bind(3, name_of(&name->sender))
                .bind(4, std::int64_t{name->sender.device_id})
                .bind_blob(5, store.box_.seal(std::span<const std::uint8_t>(record, record_len)));
        });
    return saved ? SG_SUCCESS : store.fail(saved.error());
}

int SignalStore::load_sender_key(signal_buffer** record, signal_buffer**, const signal_protocol_sender_key_name* name,
                                 void* self) {
    SignalStore& store = me(self);
    auto loaded = store.load_sealed(
        "SELECT record_sealed FROM signal_sender_keys "
        "WHERE account = ? AND group_id = ? AND sender_name = ? AND sender_device = ?",
        [&](store::Statement& s) {
            s.bind(1, store.account_)
                .bind(2, std::string_view(name->group_id, name->group_id_len))
                .bind(3, name_of(&name->sender))
                .bind(4, std::int64_t{name->sender.device_id});
        });
    if (!loaded) return store.fail(loaded.error());
    if (!loaded->has_value()) return 0;
    *record = to_signal_buffer(**loaded);
    return 1;
}

}  // namespace wagw::wa::signal
