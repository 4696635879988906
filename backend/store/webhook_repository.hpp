#pragma once
// Webhooks, their deliveries and each delivery's attempts (gateway migration 4). Every SQL statement about
// webhooks is here. Signing secrets are stored sealed under the data folder's master key ("sealed:" +
// base64), so a copy of wagw.db alone cannot forge deliveries; rows from before sealing are read as they are
// and sealed by seal_plain_secrets().
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/store/database.hpp"
#include "backend/store/secret_box.hpp"
#include "common/model/webhook.hpp"

namespace wagw::store {

// What the dispatcher needs to send one delivery.
struct DueDelivery {
    std::int64_t id = 0;
    std::string webhook_id;
    std::string url;
    std::string secret;
    std::uint64_t event_id = 0;
    std::string body;
    int attempts = 0;  // made so far
};

class WebhookRepository {
public:
    WebhookRepository(Database& db, const SecretBox& box) : db_(db), box_(box) {}

    // Seals secrets an older version stored in plain text; returns how many.
    Result<int> seal_plain_secrets();

    Status insert(const model::Webhook& webhook);
    Result<std::vector<model::Webhook>> list();  // oldest first, with secrets
    Result<std::optional<model::Webhook>> find(std::string_view id);
    Status update(const model::Webhook& webhook);  // url, events, sessions, secret, updated_at
    Status remove(std::string_view id);            // its deliveries go with it

    Result<std::int64_t> add_delivery(std::string_view webhook_id, std::uint64_t event_id,
                                      std::string_view event_type, std::string_view body, std::int64_t now);
    // Pending deliveries due at `now`, soonest first.
    Result<std::vector<DueDelivery>> due(std::int64_t now, std::size_t limit);
    // When the next pending delivery falls due; nothing when none is pending.
    Result<std::optional<std::int64_t>> next_due();
    // Logs an attempt and sets the delivery's outcome: delivered, failed, or pending again at
    // `next_attempt_at`.
    Status record_attempt(std::int64_t delivery_id, const model::DeliveryAttempt& attempt,
                          model::DeliveryStatus status, std::int64_t next_attempt_at);
    // Newest first, each with its attempts.
    Result<std::vector<model::WebhookDelivery>> deliveries(std::string_view webhook_id, std::size_t limit);
    Result<std::optional<model::WebhookDelivery>> find_delivery(std::string_view webhook_id, std::int64_t id);
    Result<std::optional<std::int64_t>> delivery_for_event(std::string_view webhook_id,
                                                           std::uint64_t event_id);
    Result<std::string> delivery_body(std::int64_t id);

    Result<std::optional<std::uint64_t>> cursor();
    Status set_cursor(std::uint64_t last_event_id);

private:
    Result<std::vector<model::WebhookDelivery>> select_deliveries(std::string_view where,
                                                                  std::string_view webhook_id,
                                                                  std::int64_t value, std::size_t limit);
    std::string sealed(std::string_view secret) const;
    Result<std::string> opened(const std::string& stored) const;
    Result<model::Webhook> webhook_from_row(const Statement& row) const;

    Database& db_;
    const SecretBox& box_;
};

}  // namespace wagw::store
