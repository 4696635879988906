#include "common/model/webhook.hpp"

namespace wagw::model {

nlohmann::json to_json(const Webhook& webhook) {
    return {{"id", webhook.id},
            {"url", webhook.url},
            {"events", webhook.events},
            {"sessions", webhook.sessions},
            {"created_at", webhook.created_at},
            {"updated_at", webhook.updated_at}};
}

const char* delivery_status_name(DeliveryStatus status) {
    switch (status) {
        case DeliveryStatus::pending:
            return "pending";
        case DeliveryStatus::delivered:
            return "delivered";
        case DeliveryStatus::failed:
            return "failed";
    }
    return "pending";
}

nlohmann::json to_json(const WebhookDelivery& delivery) {
    nlohmann::json attempts = nlohmann::json::array();
    for (const auto& attempt : delivery.attempt_log) {
        attempts.push_back({{"attempt", attempt.attempt},
                            {"at", attempt.at_ms},
                            {"status_code", attempt.status_code},
                            {"error", attempt.error},
                            {"duration_ms", attempt.duration_ms}});
    }
    nlohmann::json json{{"id", delivery.id},
                        {"webhook_id", delivery.webhook_id},
                        {"event_id", delivery.event_id},
                        {"event_type", delivery.event_type},
                        {"status", delivery_status_name(delivery.status)},
                        {"attempts", delivery.attempts},
                        {"created_at", delivery.created_at},
                        {"updated_at", delivery.updated_at},
                        {"attempt_log", attempts}};
    json["next_attempt_at"] = delivery.status == DeliveryStatus::pending
                                  ? nlohmann::json(delivery.next_attempt_at)
                                  : nlohmann::json(nullptr);
    return json;
}

}  // namespace wagw::model
