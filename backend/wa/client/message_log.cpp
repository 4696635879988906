#include "backend/wa/client/message_log.hpp"

#include <ctime>

namespace wagw::wa::client {
namespace {

constexpr store::Migration kMigrations[] = {
    {1, "recently sent messages and received message ids", R"sql(
        CREATE TABLE wa_client_sent_messages (
            account         TEXT NOT NULL,
            id              TEXT NOT NULL,
            chat            TEXT NOT NULL,
            message_sealed  BLOB NOT NULL,
            type            TEXT NOT NULL DEFAULT '',
            edit            TEXT NOT NULL DEFAULT '',
            sent_at         INTEGER NOT NULL,
            PRIMARY KEY (account, id)
        );
        CREATE INDEX wa_client_sent_messages_age ON wa_client_sent_messages (account, sent_at);
        CREATE TABLE wa_client_received_ids (
            account      TEXT NOT NULL,
            chat         TEXT NOT NULL,
            sender       TEXT NOT NULL,
            id           TEXT NOT NULL,
            received_at  INTEGER NOT NULL,
            PRIMARY KEY (account, chat, sender, id)
        );
        CREATE INDEX wa_client_received_ids_age ON wa_client_received_ids (account, received_at);
    )sql"},
};

std::int64_t now_seconds() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

// Pruning costs a scan, so it runs once per this many inserts rather than on every one.
constexpr std::size_t kPruneEvery = 256;

}  // namespace

Result<MessageLog> MessageLog::open(store::Database& db, const store::SecretBox& box, std::string account,
                                    MessageLogLimits limits) {
    if (auto applied = store::apply_migrations(db, kMessageLogComponent, kMigrations); !applied)
        return applied.error();
    MessageLog log(db, box, std::move(account), limits);
    if (auto pruned = log.prune_sent(); !pruned) return pruned.error();
    if (auto pruned = log.prune_received(); !pruned) return pruned.error();
    return log;
}

Status MessageLog::remember_sent(const SentRecord& record) {
    auto insert = db_->prepare(
        "INSERT INTO wa_client_sent_messages (account, id, chat, message_sealed, type, edit, sent_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, id) DO NOTHING");
    if (!insert) return insert.error();
    insert->bind(1, account_)
        .bind(2, record.id)
        .bind(3, record.chat)
        .bind_blob(4, box_->seal(record.message))
        .bind(5, record.type)
        .bind(6, record.edit)
        .bind(7, record.sent_at ? record.sent_at : now_seconds());
    if (auto done = insert->run(); !done) return done;
    if (++sent_since_prune_ >= kPruneEvery) return prune_sent();
    return ok_status();
}

Result<std::optional<SentRecord>> MessageLog::find_sent(const std::string& id) {
    auto query = db_->prepare(
        "SELECT chat, message_sealed, type, edit, sent_at FROM wa_client_sent_messages "
        "WHERE account = ? AND id = ? AND sent_at >= ?");
    if (!query) return query.error();
    query->bind(1, account_).bind(2, id).bind(3, now_seconds() - limits_.sent_retention.count());
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<SentRecord>{};
    auto message = box_->open(query->column_blob(1));
    if (!message) return Error{"message_log_corrupt", "a sent message cannot be opened with this master key"};
    SentRecord record;
    record.id = id;
    record.chat = query->column_text(0);
    record.message = std::move(*message);
    record.type = query->column_text(2);
    record.edit = query->column_text(3);
    record.sent_at = query->column_int(4);
    return std::optional<SentRecord>(std::move(record));
}

Result<bool> MessageLog::was_received(const std::string& chat, const std::string& sender, const std::string& id) {
    auto query = db_->prepare(
        "SELECT 1 FROM wa_client_received_ids WHERE account = ? AND chat = ? AND sender = ? AND id = ?");
    if (!query) return query.error();
    query->bind(1, account_).bind(2, chat).bind(3, sender).bind(4, id);
    return query->step();
}

Status MessageLog::remember_received(const std::string& chat, const std::string& sender, const std::string& id) {
    auto insert = db_->prepare(
        "INSERT INTO wa_client_received_ids (account, chat, sender, id, received_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (account, chat, sender, id) DO NOTHING");
    if (!insert) return insert.error();
    insert->bind(1, account_).bind(2, chat).bind(3, sender).bind(4, id).bind(5, now_seconds());
    if (auto done = insert->run(); !done) return done;
    if (++received_since_prune_ >= kPruneEvery) return prune_received();
    return ok_status();
}

Status MessageLog::prune_sent() {
    sent_since_prune_ = 0;
    auto old = db_->prepare("DELETE FROM wa_client_sent_messages WHERE account = ? AND sent_at < ?");
    if (!old) return old.error();
    old->bind(1, account_).bind(2, now_seconds() - limits_.sent_retention.count());
    if (auto done = old->run(); !done) return done;
    auto excess = db_->prepare(
        "DELETE FROM wa_client_sent_messages WHERE account = ? AND rowid NOT IN (SELECT rowid FROM "
        "wa_client_sent_messages WHERE account = ? ORDER BY sent_at DESC, rowid DESC LIMIT ?)");
    if (!excess) return excess.error();
    excess->bind(1, account_).bind(2, account_).bind(3, static_cast<std::int64_t>(limits_.max_sent));
    return excess->run();
}

Status MessageLog::prune_received() {
    received_since_prune_ = 0;
    auto old = db_->prepare("DELETE FROM wa_client_received_ids WHERE account = ? AND received_at < ?");
    if (!old) return old.error();
    old->bind(1, account_).bind(2, now_seconds() - limits_.received_retention.count());
    if (auto done = old->run(); !done) return done;
    auto excess = db_->prepare(
        "DELETE FROM wa_client_received_ids WHERE account = ? AND rowid NOT IN (SELECT rowid FROM "
        "wa_client_received_ids WHERE account = ? ORDER BY received_at DESC, rowid DESC LIMIT ?)");
    if (!excess) return excess.error();
    excess->bind(1, account_).bind(2, account_).bind(3, static_cast<std::int64_t>(limits_.max_received));
    return excess->run();
}

Status MessageLog::wipe() {
    for (const char* table : {"wa_client_sent_messages", "wa_client_received_ids"}) {
        auto remove = db_->prepare(std::string("DELETE FROM ") + table + " WHERE account = ?");
        if (!remove) return remove.error();
        remove->bind(1, account_);
        if (auto done = remove->run(); !done) return done;
    }
    return ok_status();
}

}  // namespace wagw::wa::client
