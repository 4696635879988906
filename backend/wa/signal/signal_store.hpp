#pragma once
// One linked account's Signal state in SQLite, behind the five store tables libsignal-protocol-c calls
// (identity, pre-key, signed pre-key, session, sender key). Private keys and ratchet records are sealed with
// the master key before they touch the disk. Callers wrap each protocol operation in a transaction, so a
// crash can never leave a half-advanced ratchet.
#include <signal_protocol.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backend/store/database.hpp"
#include "backend/store/secret_box.hpp"

namespace wagw::wa::signal {

using Bytes = std::vector<std::uint8_t>;

struct StoredLocalIdentity {
    std::uint32_t registration_id = 0;
    Bytes identity_public;   // 33-byte form
    Bytes identity_private;  // 32 bytes, opened
    std::uint32_t next_pre_key_id = 1;
    std::uint32_t signed_pre_key_id = 1;
};

class SignalStore {
public:
    SignalStore(store::Database& db, const store::SecretBox& box, std::string account, bool accept_identity_changes)
        : db_(db), box_(box), account_(std::move(account)), accept_identity_changes_(accept_identity_changes) {}

    // Registers this store's callbacks with a libsignal store context (the context must not outlive us).
    void attach(signal_protocol_store_context* context);

    Result<std::optional<StoredLocalIdentity>> load_local_identity();
    Status save_local_identity(const StoredLocalIdentity& identity);
    Status set_next_pre_key_id(std::uint32_t next_id);
    Status set_signed_pre_key_id(std::uint32_t id);
    Status save_pre_key(std::uint32_t id, std::span<const std::uint8_t> record);
    Status save_signed_pre_key(std::uint32_t id, std::span<const std::uint8_t> record);
    Status delete_signed_pre_keys_except(std::uint32_t keep, std::uint32_t also_keep);
    Result<std::vector<std::uint32_t>> pre_key_ids(bool uploaded);
    Status mark_pre_keys_uploaded(const std::vector<std::uint32_t>& ids);
    Result<std::optional<Bytes>> load_pre_key_record(std::uint32_t id);
    Result<std::optional<Bytes>> load_signed_pre_key_record(std::uint32_t id);
    Result<std::optional<Bytes>> remote_identity(const std::string& name, std::int32_t device);
    Status save_remote_identity(const std::string& name, std::int32_t device, std::span<const std::uint8_t> key);

    store::Database& database() { return db_; }
    // What the last failing callback hit, for the error a caller reports (libsignal only sees a code).
    const std::string& last_failure() const { return last_failure_; }

private:
    static int load_session(signal_buffer** record, signal_buffer** user_record, const signal_protocol_address* address,
                            void* self);
    static int sub_device_sessions(signal_int_list** sessions, const char* name, size_t name_len, void* self);
    static int store_session(const signal_protocol_address* address, uint8_t* record, size_t record_len, uint8_t*,
                             size_t, void* self);
    static int contains_session(const signal_protocol_address* address, void* self);
    static int delete_session(const signal_protocol_address* address, void* self);
    static int delete_all_sessions(const char* name, size_t name_len, void* self);
    static int load_pre_key(signal_buffer** record, uint32_t id, void* self);
    static int store_pre_key(uint32_t id, uint8_t* record, size_t record_len, void* self);
    static int contains_pre_key(uint32_t id, void* self);
    static int remove_pre_key(uint32_t id, void* self);
    static int load_signed_pre_key(signal_buffer** record, uint32_t id, void* self);
    static int store_signed_pre_key(uint32_t id, uint8_t* record, size_t record_len, void* self);
    static int contains_signed_pre_key(uint32_t id, void* self);
    static int remove_signed_pre_key(uint32_t id, void* self);
    static int identity_key_pair(signal_buffer** public_data, signal_buffer** private_data, void* self);
    static int local_registration_id(void* self, uint32_t* registration_id);
    static int save_identity(const signal_protocol_address* address, uint8_t* key, size_t key_len, void* self);
    static int is_trusted_identity(const signal_protocol_address* address, uint8_t* key, size_t key_len, void* self);
    static int store_sender_key(const signal_protocol_sender_key_name* name, uint8_t* record, size_t record_len,
                                uint8_t*, size_t, void* self);
    static int load_sender_key(signal_buffer** record, signal_buffer** user_record,
                               const signal_protocol_sender_key_name* name, void* self);

    // Runs one query returning at most one sealed blob and opens it.
    Result<std::optional<Bytes>> load_sealed(std::string_view sql, const std::function<void(store::Statement&)>& bind);
    Status run(std::string_view sql, const std::function<void(store::Statement&)>& bind);
    Result<bool> exists(std::string_view sql, const std::function<void(store::Statement&)>& bind);
    int fail(const Error& error);

    store::Database& db_;
    const store::SecretBox& box_;
    std::string account_;
    bool accept_identity_changes_;
    std::string last_failure_;
};

}  // namespace wagw::wa::signal
