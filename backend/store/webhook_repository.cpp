#include "backend/store/webhook_repository.hpp"

#include "common/util/base64.hpp"
#include "common/util/json_fields.hpp"

namespace wagw::store {
namespace {

constexpr std::string_view kSealedPrefix = "sealed:";
constexpr std::string_view kWebhookColumns = "id, url, events, sessions, secret, created_at, updated_at";

std::vector<std::string> string_list(const std::string& text) {
    auto json = json_fields::parse(text);
    std::vector<std::string> list;
    if (!json || !json->is_array()) return list;
    for (const auto& item : *json) {
        if (item.is_string()) list.push_back(item.get<std::string>());
    }
    return list;
}

model::DeliveryStatus status_from(const std::string& name) {
    if (name == "delivered") return model::DeliveryStatus::delivered;
    if (name == "failed") return model::DeliveryStatus::failed;
    return model::DeliveryStatus::pending;
}

}  // namespace

std::string WebhookRepository::sealed(std::string_view secret) const {
    const auto box = box_.seal({reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size()});
    return std::string(kSealedPrefix) + util::base64_encode(box);
}

Result<std::string> WebhookRepository::opened(const std::string& stored) const {
    if (!stored.starts_with(kSealedPrefix)) return stored;  // from before sealing
    auto box = util::base64_decode(std::string_view(stored).substr(kSealedPrefix.size()));
    if (!box) return Error{"sealed_secret", "a webhook secret in the database is damaged"};
    auto plain = box_.open(*box);
    if (!plain) {
        return Error{"sealed_secret",
                     "a webhook secret cannot be opened: is master.key the one this database "
                     "was made with?"};
    }
    return std::string(plain->begin(), plain->end());
}

Result<model::Webhook> WebhookRepository::webhook_from_row(const Statement& row) const {
    model::Webhook webhook;
    webhook.id = row.column_text(0);
    webhook.url = row.column_text(1);
    webhook.events = string_list(row.column_text(2));
    webhook.sessions = string_list(row.column_text(3));
    auto secret = opened(row.column_text(4));
    if (!secret) return secret.error();
    webhook.secret = std::move(*secret);
    webhook.created_at = row.column_int(5);
    webhook.updated_at = row.column_int(6);
    return webhook;
}

Result<int> WebhookRepository::seal_plain_secrets() {
    auto query = db_.prepare("SELECT id, secret FROM webhooks WHERE secret NOT LIKE 'sealed:%'");
    if (!query) return query.error();
    std::vector<std::pair<std::string, std::string>> plain;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        plain.emplace_back(query->column_text(0), query->column_text(1));
    }
    for (const auto& [id, secret] : plain) {
        auto update = db_.prepare("UPDATE webhooks SET secret = ? WHERE id = ?");
        if (!update) return update.error();
        update->bind(1, sealed(secret)).bind(2, id);
        if (auto done = update->run(); !done) return done.error();
    }
    return static_cast<int>(plain.size());
}

Status WebhookRepository::insert(const model::Webhook& webhook) {
    auto insert = db_.prepare("INSERT INTO webhooks(" + std::string(kWebhookColumns) +
                              ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, webhook.id)
        .bind(2, webhook.url)
        .bind(3, nlohmann::json(webhook.events).dump())
        .bind(4, nlohmann::json(webhook.sessions).dump())
        .bind(5, sealed(webhook.secret))
        .bind(6, webhook.created_at)
        .bind(7, webhook.updated_at);
    return insert->run();
}

Result<std::vector<model::Webhook>> WebhookRepository::list() {
    auto query =
        db_.prepare("SELECT " + std::string(kWebhookColumns) + " FROM webhooks ORDER BY created_at, id");
    if (!query) return query.error();
    std::vector<model::Webhook> webhooks;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        auto webhook = webhook_from_row(*query);
        if (!webhook) return webhook.error();
        webhooks.push_back(std::move(*webhook));
    }
    return webhooks;
}

Result<std::optional<model::Webhook>> WebhookRepository::find(std::string_view id) {
    auto query = db_.prepare("SELECT " + std::string(kWebhookColumns) + " FROM webhooks WHERE id = ?");
    if (!query) return query.error();
    query->bind(1, id);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<model::Webhook>();
    auto webhook = webhook_from_row(*query);
    if (!webhook) return webhook.error();
    return std::optional<model::Webhook>(std::move(*webhook));
}

Status WebhookRepository::update(const model::Webhook& webhook) {
    auto update = db_.prepare(
        "UPDATE webhooks SET url = ?, events = ?, sessions = ?, secret = ?, updated_at = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, webhook.url)
        .bind(2, nlohmann::json(webhook.events).dump())
        .bind(3, nlohmann::json(webhook.sessions).dump())
        .bind(4, sealed(webhook.secret))
        .bind(5, webhook.updated_at)
        .bind(6, webhook.id);
    return update->run();
}

Status WebhookRepository::remove(std::string_view id) {
    auto remove = db_.prepare("DELETE FROM webhooks WHERE id = ?");
    if (!remove) return remove.error();
    remove->bind(1, id);
    return remove->run();
}

Result<std::int64_t> WebhookRepository::add_delivery(std::string_view webhook_id, std::uint64_t event_id,
                                                     std::string_view event_type, std::string_view body,
                                                     std::int64_t now) {
    auto insert = db_.prepare(
        "INSERT INTO webhook_deliveries(webhook_id, event_id, event_type, body, status, attempts, "
        "next_attempt_at, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, webhook_id)
        .bind(2, static_cast<std::int64_t>(event_id))
        .bind(3, event_type)
        .bind(4, body)
        .bind(5, now)
        .bind(6, now)
        .bind(7, now);
    if (auto s = insert->run(); !s) return s.error();
    return db_.last_insert_rowid();
}

Result<std::vector<DueDelivery>> WebhookRepository::due(std::int64_t now, std::size_t limit) {
    auto query = db_.prepare(
        "SELECT d.id, d.webhook_id, w.url, w.secret, d.event_id, d.body, d.attempts FROM webhook_deliveries "
        "d "
        "JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' AND d.next_attempt_at <= ? "
        "ORDER BY d.next_attempt_at, d.id LIMIT ?");
    if (!query) return query.error();
    query->bind(1, now).bind(2, static_cast<std::int64_t>(limit));
    std::vector<DueDelivery> due;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        auto secret = opened(query->column_text(3));
        if (!secret) return secret.error();
        due.push_back({query->column_int(0), query->column_text(1), query->column_text(2), std::move(*secret),
                       static_cast<std::uint64_t>(query->column_int(4)), query->column_text(5),
                       static_cast<int>(query->column_int(6))});
    }
    return due;
}

Result<std::optional<std::int64_t>> WebhookRepository::next_due() {
    auto query = db_.prepare("SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'");
    if (!query) return query.error();
    auto row = query->step();
    if (!row) return row.error();
    if (!*row || query->column_is_null(0)) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(query->column_int(0));
}

Status WebhookRepository::record_attempt(std::int64_t delivery_id, const model::DeliveryAttempt& attempt,
                                         model::DeliveryStatus status, std::int64_t next_attempt_at) {
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    auto log = db_.prepare(
        "INSERT OR REPLACE INTO webhook_attempts(delivery_id, attempt, at_ms, status_code, error, "
        "duration_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!log) return log.error();
    log->bind(1, delivery_id)
        .bind(2, std::int64_t{attempt.attempt})
        .bind(3, attempt.at_ms)
        .bind(4, std::int64_t{attempt.status_code})
        .bind(5, attempt.error)
        .bind(6, attempt.duration_ms);
    if (auto s = log->run(); !s) return s;
    auto update = db_.prepare(
        "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, updated_at = ? WHERE "
        "id = ?");
    if (!update) return update.error();
    update->bind(1, model::delivery_status_name(status))
        .bind(2, std::int64_t{attempt.attempt})
        .bind(3, next_attempt_at)
        .bind(4, attempt.at_ms + attempt.duration_ms)
        .bind(5, delivery_id);
    if (auto s = update->run(); !s) return s;
    return tx->commit();
}

Result<std::vector<model::WebhookDelivery>> WebhookRepository::select_deliveries(std::string_view where,
                                                                                 std::string_view webhook_id,
                                                                                 std::int64_t value,
                                                                                 std::size_t limit) {
    auto query = db_.prepare(
        "SELECT id, webhook_id, event_id, event_type, status, attempts, next_attempt_at, created_at, "
        "updated_at "
        "FROM webhook_deliveries WHERE webhook_id = ? " +
        std::string(where) + " ORDER BY id DESC LIMIT ?");
    if (!query) return query.error();
    query->bind(1, webhook_id);
    int next = 2;
    if (!where.empty()) query->bind(next++, value);
    query->bind(next, static_cast<std::int64_t>(limit));
    std::vector<model::WebhookDelivery> deliveries;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        model::WebhookDelivery delivery;
        delivery.id = query->column_int(0);
        delivery.webhook_id = query->column_text(1);
        delivery.event_id = static_cast<std::uint64_t>(query->column_int(2));
        delivery.event_type = query->column_text(3);
        delivery.status = status_from(query->column_text(4));
        delivery.attempts = static_cast<int>(query->column_int(5));
        delivery.next_attempt_at = query->column_int(6);
        delivery.created_at = query->column_int(7);
        delivery.updated_at = query->column_int(8);
        deliveries.push_back(std::move(delivery));
    }
    for (auto& delivery : deliveries) {
        auto query_attempts = db_.prepare(
            "SELECT attempt, at_ms, status_code, error, duration_ms FROM webhook_attempts WHERE delivery_id "
            "= ? "
            "ORDER BY attempt");
        if (!query_attempts) return query_attempts.error();
        query_attempts->bind(1, delivery.id);
        for (;;) {
            auto row = query_attempts->step();
            if (!row) return row.error();
            if (!*row) break;
            delivery.attempt_log.push_back({static_cast<int>(query_attempts->column_int(0)),
                                            query_attempts->column_int(1),
                                            static_cast<int>(query_attempts->column_int(2)),
                                            query_attempts->column_text(3), query_attempts->column_int(4)});
        }
    }
    return deliveries;
}

Result<std::vector<model::WebhookDelivery>> WebhookRepository::deliveries(std::string_view webhook_id,
                                                                          std::size_t limit) {
    return select_deliveries("", webhook_id, 0, limit);
}

Result<std::optional<model::WebhookDelivery>> WebhookRepository::find_delivery(std::string_view webhook_id,
                                                                               std::int64_t id) {
    auto found = select_deliveries("AND id = ?", webhook_id, id, 1);
    if (!found) return found.error();
    if (found->empty()) return std::optional<model::WebhookDelivery>();
    return std::optional<model::WebhookDelivery>(std::move(found->front()));
}

Result<std::optional<std::int64_t>> WebhookRepository::delivery_for_event(std::string_view webhook_id,
                                                                          std::uint64_t event_id) {
    auto found = select_deliveries("AND event_id = ?", webhook_id, static_cast<std::int64_t>(event_id), 1);
    if (!found) return found.error();
    if (found->empty()) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(found->front().id);
}

Result<std::string> WebhookRepository::delivery_body(std::int64_t id) {
    auto query = db_.prepare("SELECT body FROM webhook_deliveries WHERE id = ?");
    if (!query) return query.error();
    query->bind(1, id);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return Error{"not_found", "no delivery " + std::to_string(id)};
    return query->column_text(0);
}

Result<std::optional<std::uint64_t>> WebhookRepository::cursor() {
    auto query = db_.prepare("SELECT last_event_id FROM webhook_cursor WHERE only_row = 1");
    if (!query) return query.error();
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::uint64_t>();
    return std::optional<std::uint64_t>(static_cast<std::uint64_t>(query->column_int(0)));
}

Status WebhookRepository::set_cursor(std::uint64_t last_event_id) {
    auto upsert = db_.prepare(
        "INSERT INTO webhook_cursor(only_row, last_event_id) VALUES (1, ?) "
        "ON CONFLICT(only_row) DO UPDATE SET last_event_id = MAX(last_event_id, excluded.last_event_id)");
    if (!upsert) return upsert.error();
    upsert->bind(1, static_cast<std::int64_t>(last_event_id));
    return upsert->run();
}

}  // namespace wagw::store
