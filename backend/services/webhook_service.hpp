#pragma once
// Webhooks: CRUD with validation, turning stored events into delivery rows (persisted before any attempt),
// and the retry schedule. The dispatcher (webhook_dispatcher.hpp) sends what falls due and reports back here.
//
// Threads: on_event() runs inside the event log's publish (any thread, in id order); HTTP handlers and the
// dispatcher thread call the rest. One mutex guards the service's own SQLite connection and the cached list
// of webhooks.
//
// Error codes: "not_found", "invalid_field" (with the field in Error::message's first word), "database".
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/services/event_log.hpp"
#include "backend/store/database.hpp"
#include "backend/store/webhook_repository.hpp"
#include "common/model/webhook.hpp"

namespace wagw::services {

struct WebhookRetryPolicy {
    // Delay before attempt n+1 is base * kSteps[n-1] (5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h with the
    // default base), +-20% jitter so that a receiver back from an outage is not hit by every delivery at
    // once.
    std::chrono::milliseconds base{5000};
    int max_attempts = 8;
};

// A field the request got wrong, for a 400 naming it.
struct WebhookInputError {
    std::string field;
    Error error;
};

class WebhookService {
public:
    using Clock = std::function<std::int64_t()>;  // unix ms
    using Wake = std::function<void()>;           // a delivery is waiting: the dispatcher should look

    // `box` seals the signing secrets at rest; it must outlive the service.
    WebhookService(store::Database db, const store::SecretBox& box, EventLog& log, Clock clock,
                   WebhookRetryPolicy policy = {});

    void set_wake(Wake wake);
    // Events stored before the last shutdown (or crash) that have no deliveries yet get them now.
    Status catch_up();
    // The event log's sink: one pending delivery per matching webhook, in one transaction.
    void on_event(const model::EventEnvelope& event);

    // `body` as sent to POST /api/webhooks; the created webhook keeps its secret (shown once).
    std::variant<model::Webhook, WebhookInputError> create(const nlohmann::json& body);
    std::variant<model::Webhook, WebhookInputError> update(const std::string& id, const nlohmann::json& body);
    Result<std::vector<model::Webhook>> list();
    Result<model::Webhook> get(const std::string& id);
    Status remove(const std::string& id);
    Result<std::vector<model::WebhookDelivery>> deliveries(const std::string& id, std::size_t limit);
    // A new delivery of the same body (a new attempt log, sent now); returns it.
    Result<model::WebhookDelivery> replay(const std::string& id, std::int64_t delivery_id);
    // Publishes a "webhook.ping" event that only this webhook receives; returns its delivery.
    Result<model::WebhookDelivery> ping(const std::string& id);

    // For the dispatcher.
    Result<std::vector<store::DueDelivery>> due(std::size_t limit);
    std::optional<std::int64_t> next_due();
    void record_attempt(const store::DueDelivery& delivery, const model::DeliveryAttempt& attempt);
    std::chrono::milliseconds retry_delay(int attempts_made) const;

private:
    std::variant<model::Webhook, WebhookInputError> validated(model::Webhook webhook,
                                                              const nlohmann::json& body, bool creating);
    void deliver_locked(const model::EventEnvelope& event);
    Status reload_locked();

    std::mutex mutex_;
    store::Database db_;
    store::WebhookRepository repository_;
    EventLog& log_;
    Clock clock_;
    WebhookRetryPolicy policy_;
    Wake wake_;
    std::vector<model::Webhook> webhooks_;  // cached: every event is matched against them
};

}  // namespace wagw::services
