#pragma once
// The /api/keys handlers, free of Restinio (like session_routes.hpp): parse the body, call ApiKeys, answer.
#include "backend/api/plain_http.hpp"
#include "backend/services/api_keys.hpp"

namespace wagw::api {

class KeyRoutes {
public:
    explicit KeyRoutes(services::ApiKeys& keys) : keys_(keys) {}
    // Calls `respond` exactly once, before returning.
    void handle(RouteId id, const PlainRequest& request, const Respond& respond);

private:
    services::ApiKeys& keys_;
};

}  // namespace wagw::api
