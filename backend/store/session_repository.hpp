#pragma once
// Sessions and their state history (tables `sessions` and `session_history`, gateway migration 2). Every SQL
// statement about sessions is here, so another database (PostgreSQL, with sessions leased to gateway nodes)
// can replace this file without the services noticing.
//
// Only the gateway's own view of a session lives here. Each linked account's protocol data (device keys,
// Signal sessions, pre-keys, message log) lives in its own SQLite file, DATA/sessions/<id>/client.db, opened
// by its WaClient. Why one file per session rather than one shared database: with 5,000 sessions each account
// writes pre-keys, Signal ratchets and receipts all day, and a shared file would funnel all of that through
// one WAL and one writer lock, so one busy account would stall every other one; separate files keep each
// account's WAL and checkpoints independent, and deleting a session is deleting a folder. The price is a
// descriptor or three per session (database, WAL, shm), which is why process_setup.cpp raises RLIMIT_NOFILE
// to its hard limit at start.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/store/database.hpp"
#include "common/model/session.hpp"

namespace wagw::store {

class SessionRepository {
public:
    // History rows kept per session: the newest ones; a connection flapping for months must not fill the
    // disk.
    static constexpr std::int64_t kHistoryKept = 500;

    explicit SessionRepository(Database& db, std::int64_t history_kept = kHistoryKept)
        : db_(db), history_kept_(history_kept) {}

    // Error "name_taken" when another session already has this name.
    Status insert(const model::Session& session);
    Result<std::optional<model::Session>> find(std::string_view id);
    Result<std::optional<model::Session>> find_by_name(std::string_view name);
    Result<std::vector<model::Session>> list();  // oldest first
    // Errors: "not_found", "name_taken".
    Status rename(std::string_view id, std::string_view name, std::int64_t at_ms);
    Status remove(std::string_view id);  // its history goes with it; removing an unknown id is not an error
    // Sets the state and appends it to the history (dropping the oldest rows beyond the ones kept), in one
    // transaction.
    Status record_state(std::string_view id, model::SessionState state, std::string_view reason,
                        std::int64_t at_ms);
    Status set_desired_running(std::string_view id, bool running, std::int64_t at_ms);
    // Who the session is linked as (all empty after a logout).
    Status set_account(std::string_view id, std::string_view jid, std::string_view phone,
                       std::string_view push_name, std::int64_t at_ms);
    Result<std::vector<model::SessionTransition>> history(std::string_view id);  // oldest first

private:
    Result<std::vector<model::Session>> select(std::string_view where, std::string_view key);
    Result<bool> name_taken(std::string_view name, std::string_view except_id);

    Database& db_;
    std::int64_t history_kept_;
};

}  // namespace wagw::store
