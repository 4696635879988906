#pragma once
// The /api/webhooks handlers, free of Restinio (the plain-handler style of session_routes.hpp): parse, call
// the WebhookService, map its errors to statuses with the field at fault.
#include "backend/api/plain_http.hpp"
#include "backend/services/webhook_service.hpp"

namespace wagw::api {

class WebhookRoutes {
public:
    explicit WebhookRoutes(services::WebhookService& webhooks) : webhooks_(webhooks) {}

    static bool handles(RouteId id);
    // Calls `respond` exactly once, before returning.
    void handle(RouteId id, const PlainRequest& request, Respond respond);

private:
    services::WebhookService& webhooks_;
};

}  // namespace wagw::api
