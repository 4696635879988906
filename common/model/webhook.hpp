#pragma once
// Webhooks: a URL that receives every matching event as the event envelope (common/model/events.hpp), POSTed
// and signed; and the log of its deliveries. JSON codecs for the /api/webhooks routes.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wagw::model {

struct Webhook {
    std::string id;                     // "whk_" + 16 hex digits
    std::string url;                    // http:// or https://
    std::vector<std::string> events;    // event filters: types, "family.*" or "*"
    std::vector<std::string> sessions;  // empty: every session (and gateway events)
    std::string secret;                 // signs every delivery; shown only when the webhook is created
    std::int64_t created_at = 0;        // unix ms
    std::int64_t updated_at = 0;
};

// Without the secret (it is shown once, at creation).
nlohmann::json to_json(const Webhook& webhook);

struct DeliveryAttempt {
    int attempt = 0;         // 1 for the first
    std::int64_t at_ms = 0;  // when it was sent
    int status_code = 0;     // the receiver's HTTP status; 0 when none came (refused, timed out, ...)
    std::string error;       // why it failed, when it did
    std::int64_t duration_ms = 0;
};

enum class DeliveryStatus { pending, delivered, failed };
const char* delivery_status_name(DeliveryStatus status);

struct WebhookDelivery {
    std::int64_t id = 0;
    std::string webhook_id;
    std::uint64_t event_id = 0;
    std::string event_type;
    DeliveryStatus status = DeliveryStatus::pending;
    int attempts = 0;
    std::int64_t next_attempt_at = 0;  // unix ms; meaningful while pending
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::vector<DeliveryAttempt> attempt_log;  // oldest first
};

nlohmann::json to_json(const WebhookDelivery& delivery);

}  // namespace wagw::model
