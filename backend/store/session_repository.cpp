#include "backend/store/session_repository.hpp"

namespace wagw::store {
namespace {

constexpr std::string_view kColumns =
    "id, name, state, state_reason, desired_running, jid, phone, push_name, created_at, updated_at";

model::Session session_from_row(const Statement& row) {
    model::Session session;
    session.id = row.column_text(0);
    session.name = row.column_text(1);
    // A state name this build does not know (written by a newer one) reads as stopped: safe, and restartable.
    session.state = model::state_from_name(row.column_text(2)).value_or(model::SessionState::stopped);
    session.state_reason = row.column_text(3);
    session.desired_running = row.column_int(4) != 0;
    session.jid = row.column_text(5);
    session.phone = row.column_text(6);
    session.push_name = row.column_text(7);
    session.created_at = row.column_int(8);
    session.updated_at = row.column_int(9);
    return session;
}

Error name_taken_error(std::string_view name) {
    return {"name_taken", "a session named \"" + std::string(name) + "\" already exists"};
}

Error not_found_error(std::string_view id) {
    return {"not_found", "no session with id " + std::string(id)};
}

}  // namespace

Result<std::vector<model::Session>> SessionRepository::select(std::string_view where, std::string_view key) {
    std::string sql = "SELECT " + std::string(kColumns) + " FROM sessions";
    if (!where.empty()) sql += " WHERE " + std::string(where) + " = ?";
    sql += " ORDER BY created_at, id";
    auto query = db_.prepare(sql);
    if (!query) return query.error();
    if (!where.empty()) query->bind(1, key);
    std::vector<model::Session> sessions;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        sessions.push_back(session_from_row(*query));
    }
    return sessions;
}

Result<bool> SessionRepository::name_taken(std::string_view name, std::string_view except_id) {
    auto query = db_.prepare("SELECT 1 FROM sessions WHERE name = ? AND id <> ?");
    if (!query) return query.error();
    query->bind(1, name).bind(2, except_id);
    return query->step();
}

Status SessionRepository::insert(const model::Session& session) {
    // Checked first for a clear error; the UNIQUE constraint still guards against a race.
    auto taken = name_taken(session.name, session.id);
    if (!taken) return taken.error();
    if (*taken) return name_taken_error(session.name);
    auto insert = db_.prepare("INSERT INTO sessions(" + std::string(kColumns) +
                              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, session.id)
        .bind(2, session.name)
        .bind(3, model::state_name(session.state))
        .bind(4, session.state_reason)
        .bind(5, std::int64_t{session.desired_running})
        .bind(6, session.jid)
        .bind(7, session.phone)
        .bind(8, session.push_name)
        .bind(9, session.created_at)
        .bind(10, session.updated_at);
    return insert->run();
}

Result<std::optional<model::Session>> SessionRepository::find(std::string_view id) {
    auto found = select("id", id);
    if (!found) return found.error();
    if (found->empty()) return std::optional<model::Session>{};
    return std::optional<model::Session>{std::move(found->front())};
}

Result<std::optional<model::Session>> SessionRepository::find_by_name(std::string_view name) {
    auto found = select("name", name);
    if (!found) return found.error();
    if (found->empty()) return std::optional<model::Session>{};
    return std::optional<model::Session>{std::move(found->front())};
}

Result<std::vector<model::Session>> SessionRepository::list() {
    return select({}, {});
}

Status SessionRepository::rename(std::string_view id, std::string_view name, std::int64_t at_ms) {
    auto taken = name_taken(name, id);
    if (!taken) return taken.error();
    if (*taken) return name_taken_error(name);
    auto update = db_.prepare("UPDATE sessions SET name = ?, updated_at = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, name).bind(2, at_ms).bind(3, id);
    if (auto done = update->run(); !done) return done;
    auto found = find(id);
    if (!found) return found.error();
    if (!*found) return not_found_error(id);
    return ok_status();
}

Status SessionRepository::remove(std::string_view id) {
    auto remove = db_.prepare("DELETE FROM sessions WHERE id = ?");
    if (!remove) return remove.error();
    remove->bind(1, id);
    return remove->run();
}

Status SessionRepository::record_state(std::string_view id, model::SessionState state,
                                       std::string_view reason, std::int64_t at_ms) {
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    auto update = db_.prepare("UPDATE sessions SET state = ?, state_reason = ?, updated_at = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, model::state_name(state)).bind(2, reason).bind(3, at_ms).bind(4, id);
    if (auto done = update->run(); !done) return done;
    auto append =
        db_.prepare("INSERT INTO session_history(session_id, at_ms, state, reason) VALUES (?, ?, ?, ?)");
    if (!append) return append.error();
    append->bind(1, id).bind(2, at_ms).bind(3, model::state_name(state)).bind(4, reason);
    // The foreign key refuses history for a session that is gone, which rolls the update back too.
    if (auto done = append->run(); !done) return done;
    auto prune = db_.prepare(
        "DELETE FROM session_history WHERE session_id = ?1 AND seq <= (SELECT seq FROM session_history "
        "WHERE session_id = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)");
    if (!prune) return prune.error();
    prune->bind(1, id).bind(2, history_kept_);
    if (auto done = prune->run(); !done) return done;
    return tx->commit();
}

Status SessionRepository::set_desired_running(std::string_view id, bool running, std::int64_t at_ms) {
    auto update = db_.prepare("UPDATE sessions SET desired_running = ?, updated_at = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, std::int64_t{running}).bind(2, at_ms).bind(3, id);
    return update->run();
}

Status SessionRepository::set_account(std::string_view id, std::string_view jid, std::string_view phone,
                                      std::string_view push_name, std::int64_t at_ms) {
    auto update =
        db_.prepare("UPDATE sessions SET jid = ?, phone = ?, push_name = ?, updated_at = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, jid).bind(2, phone).bind(3, push_name).bind(4, at_ms).bind(5, id);
    return update->run();
}

Result<std::vector<model::SessionTransition>> SessionRepository::history(std::string_view id) {
    auto query =
        db_.prepare("SELECT at_ms, state, reason FROM session_history WHERE session_id = ? ORDER BY seq");
    if (!query) return query.error();
    query->bind(1, id);
    std::vector<model::SessionTransition> transitions;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        transitions.push_back(
            {query->column_int(0),
             model::state_from_name(query->column_text(1)).value_or(model::SessionState::stopped),
             query->column_text(2)});
    }
    return transitions;
}

}  // namespace wagw::store
