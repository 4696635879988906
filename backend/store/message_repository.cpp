#include "backend/store/message_repository.hpp"

namespace wagw::store {
namespace {

constexpr std::string_view kColumns =
    "seq, session_id, id, chat, direction, type, sender, push_name, text, content, status, status_reason, "
    "timestamp, created_at, updated_at";

model::Message message_from_row(const Statement& row) {
    model::Message m;
    m.seq = row.column_int(0);
    m.session_id = row.column_text(1);
    m.id = row.column_text(2);
    m.chat = row.column_text(3);
    m.outgoing = row.column_text(4) == "out";
    m.type = row.column_text(5);
    m.sender = row.column_text(6);
    m.push_name = row.column_text(7);
    m.text = row.column_text(8);
    // Written by us from JSON: a row that does not parse (a damaged file) shows an empty object, not a crash.
    m.content = nlohmann::json::parse(row.column_text(9), nullptr, false);
    if (m.content.is_discarded()) m.content = nlohmann::json::object();
    // A status this build does not know (written by a newer one) reads as what it most likely means.
    m.status = model::status_from_name(row.column_text(10))
                   .value_or(m.outgoing ? model::MessageStatus::sent : model::MessageStatus::received);
    m.status_reason = row.column_text(11);
    m.timestamp = row.column_int(12);
    m.created_at = row.column_int(13);
    m.updated_at = row.column_int(14);
    return m;
}

std::string dump(const nlohmann::json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status append_timeline(Database& db, std::int64_t message_seq, model::MessageStatus status,
                       std::string_view reason, std::int64_t at_ms) {
    auto append = db.prepare(
        "INSERT INTO message_status_history(message_seq, status, reason, at_ms) VALUES (?, ?, ?, ?)");
    if (!append) return append.error();
    append->bind(1, message_seq).bind(2, model::status_name(status)).bind(3, reason).bind(4, at_ms);
    return append->run();
}

// Inserts the row; its seq.
Result<std::int64_t> insert_row(Database& db, const model::Message& m, std::string_view idempotency_key,
                                std::string_view request_hash) {
    auto insert = db.prepare(
        "INSERT INTO messages(session_id, id, chat, direction, type, sender, push_name, text, content, "
        "status, "
        "status_reason, idempotency_key, request_hash, timestamp, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, m.session_id)
        .bind(2, m.id)
        .bind(3, m.chat)
        .bind(4, m.outgoing ? "out" : "in")
        .bind(5, m.type)
        .bind(6, m.sender)
        .bind(7, m.push_name)
        .bind(8, m.text)
        .bind(9, dump(m.content))
        .bind(10, model::status_name(m.status))
        .bind(11, m.status_reason);
    if (idempotency_key.empty()) {
        insert->bind_null(12);
    } else {
        insert->bind(12, idempotency_key);
    }
    // A default string_view has no data pointer, which SQLite would store as NULL.
    insert->bind(13, request_hash.empty() ? std::string_view("") : request_hash)
        .bind(14, m.timestamp)
        .bind(15, m.created_at)
        .bind(16, m.updated_at);
    if (auto done = insert->run(); !done) return done.error();
    return db.last_insert_rowid();
}

}  // namespace

Status MessageRepository::insert_outgoing(const model::Message& message, std::string_view idempotency_key,
                                          std::string_view request_hash) {
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    auto seq = insert_row(db_, message, idempotency_key, request_hash);
    if (!seq) {
        if (!idempotency_key.empty() && seq.error().message.find("UNIQUE") != std::string::npos)
            return Error{"idempotency_conflict", "this Idempotency-Key was used for another message"};
        return seq.error();
    }
    if (auto s = append_timeline(db_, *seq, message.status, message.status_reason, message.created_at); !s)
        return s;
    return tx->commit();
}

Result<bool> MessageRepository::insert_incoming(const model::Message& message) {
    // A message already held keeps its first row.
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    auto held =
        db_.prepare("SELECT 1 FROM messages WHERE session_id = ? AND direction = ? AND chat = ? AND id = ?");
    if (!held) return held.error();
    held->bind(1, message.session_id)
        .bind(2, message.outgoing ? "out" : "in")
        .bind(3, message.chat)
        .bind(4, message.id);
    auto exists = held->step();
    if (!exists) return exists.error();
    if (*exists) return false;
    auto seq = insert_row(db_, message, {}, {});
    if (!seq) return seq.error();
    if (auto s = append_timeline(db_, *seq, message.status, message.status_reason, message.created_at); !s)
        return s.error();
    if (auto s = tx->commit(); !s) return s.error();
    return true;
}

Result<std::optional<MessageRepository::IdempotentRequest>> MessageRepository::find_idempotency_key(
    std::string_view session_id, std::string_view key) {
    auto query =
        db_.prepare("SELECT id, request_hash FROM messages WHERE session_id = ? AND idempotency_key = ?");
    if (!query) return query.error();
    query->bind(1, session_id).bind(2, key);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<IdempotentRequest>{};
    return std::optional<IdempotentRequest>{IdempotentRequest{query->column_text(0), query->column_text(1)}};
}

Result<std::vector<model::Message>> MessageRepository::select(const std::string& where_and_order,
                                                              const std::vector<std::string>& texts,
                                                              const std::vector<std::int64_t>& numbers) {
    auto query = db_.prepare("SELECT " + std::string(kColumns) + " FROM messages WHERE " + where_and_order);
    if (!query) return query.error();
    int index = 1;
    for (const auto& text : texts) query->bind(index++, text);
    for (auto number : numbers) query->bind(index++, number);
    std::vector<model::Message> messages;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        messages.push_back(message_from_row(*query));
    }
    return messages;
}

Result<std::optional<model::Message>> MessageRepository::find(std::string_view session_id,
                                                              std::string_view id) {
    auto found = select("session_id = ? AND id = ? ORDER BY direction = 'out' DESC, seq DESC LIMIT 1",
                        {std::string(session_id), std::string(id)}, {});
    if (!found) return found.error();
    if (found->empty()) return std::optional<model::Message>{};
    return std::optional<model::Message>{std::move(found->front())};
}

Result<std::vector<model::MessageStatusChange>> MessageRepository::timeline(std::int64_t message_seq) {
    auto query = db_.prepare(
        "SELECT status, reason, at_ms FROM message_status_history WHERE message_seq = ? ORDER BY seq");
    if (!query) return query.error();
    query->bind(1, message_seq);
    std::vector<model::MessageStatusChange> changes;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        changes.push_back(
            {model::status_from_name(query->column_text(0)).value_or(model::MessageStatus::sent),
             query->column_text(1), query->column_int(2)});
    }
    return changes;
}

Result<std::vector<model::Message>> MessageRepository::list(std::string_view session_id,
                                                            const ListFilter& filter) {
    std::string where = "session_id = ?";
    std::vector<std::string> texts{std::string(session_id)};
    if (!filter.chat.empty()) {
        where += " AND chat = ?";
        texts.push_back(filter.chat);
    }
    if (filter.outgoing) {
        where += " AND direction = ?";
        texts.push_back(*filter.outgoing ? "out" : "in");
    }
    std::vector<std::int64_t> numbers;
    if (filter.before_seq > 0) {
        where += " AND seq < ?";
        numbers.push_back(filter.before_seq);
    }
    where += " ORDER BY seq DESC LIMIT ?";
    numbers.push_back(filter.limit);
    return select(where, texts, numbers);
}

Result<std::optional<model::Message>> MessageRepository::next_queued(std::string_view session_id) {
    auto found =
        select("session_id = ? AND status = 'queued' ORDER BY seq LIMIT 1", {std::string(session_id)}, {});
    if (!found) return found.error();
    if (found->empty()) return std::optional<model::Message>{};
    return std::optional<model::Message>{std::move(found->front())};
}

Result<std::int64_t> MessageRepository::count_queued(std::string_view session_id) {
    auto query = db_.prepare("SELECT COUNT(*) FROM messages WHERE session_id = ? AND status = 'queued'");
    if (!query) return query.error();
    query->bind(1, session_id);
    auto row = query->step();
    if (!row) return row.error();
    return query->column_int(0);
}

Result<std::optional<model::Message>> MessageRepository::advance(std::string_view session_id,
                                                                 std::string_view id,
                                                                 model::MessageStatus status,
                                                                 std::string_view reason, std::int64_t at_ms,
                                                                 std::int64_t wa_timestamp) {
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    auto found = select("session_id = ? AND id = ? AND direction = 'out' LIMIT 1",
                        {std::string(session_id), std::string(id)}, {});
    if (!found) return found.error();
    if (found->empty() || !model::status_advances(found->front().status, status))
        return std::optional<model::Message>{};
    model::Message message = std::move(found->front());
    auto update = db_.prepare(
        "UPDATE messages SET status = ?, status_reason = ?, updated_at = ?, "
        "timestamp = CASE WHEN ? > 0 THEN ? ELSE timestamp END WHERE seq = ?");
    if (!update) return update.error();
    update->bind(1, model::status_name(status))
        .bind(2, reason)
        .bind(3, at_ms)
        .bind(4, wa_timestamp)
        .bind(5, wa_timestamp)
        .bind(6, message.seq);
    if (auto s = update->run(); !s) return s.error();
    if (auto s = append_timeline(db_, message.seq, status, reason, at_ms); !s) return s.error();
    if (auto s = tx->commit(); !s) return s.error();
    message.status = status;
    message.status_reason = std::string(reason);
    message.updated_at = at_ms;
    if (wa_timestamp > 0) message.timestamp = wa_timestamp;
    return std::optional<model::Message>{std::move(message)};
}

}  // namespace wagw::store
