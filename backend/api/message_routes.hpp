#pragma once
// The /api/sessions/{id}/messages handlers, free of Restinio (like session_routes.hpp): parse the request,
// call the MessageService, map its error codes to statuses and name the field at fault.
#include "backend/api/plain_http.hpp"
#include "backend/services/message_service.hpp"
#include "common/api/routes.hpp"

namespace wagw::api {

class MessageRoutes {
public:
    explicit MessageRoutes(services::MessageService& messages) : messages_(messages) {}

    static bool handles(RouteId id);
    void handle(RouteId id, const PlainRequest& request, Respond respond);

private:
    services::MessageService& messages_;
};

}  // namespace wagw::api
