#pragma once
// The /api/sessions handlers, free of Restinio: each takes a plain request (path parameters, body, query) and
// answers through a callback with a plain reply (a status and JSON, or bytes with their content type), so
// they can be tested and read without the HTTP server. http_server.cpp adapts Restinio's requests to these.
// Handlers parse and validate the input, call the SessionService and map its error codes to statuses.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "backend/api/plain_http.hpp"
#include "backend/services/session_service.hpp"
#include "common/api/routes.hpp"
#include "common/model/api_error.hpp"

namespace wagw::api {

// Demo mode: a virtual phone scans `qr`; `done` gets {"phone","device"} or the simulator's error (any
// thread).
using DemoScan = std::function<void(const std::string& qr, std::function<void(Result<nlohmann::json>)> done)>;

// Demo mode, link by code: give the simulator a phone for `phone` (it must exist before a client asks to pair
// with it), and have that phone type `code`. `done` may run on any thread.
struct DemoLinkCode {
    std::function<void(const std::string& phone, std::function<void(Status)> done)> add_phone;
    std::function<void(const std::string& phone, const std::string& code, std::function<void(Status)> done)>
        enter_code;
};

class SessionRoutes {
public:
    // `demo_scan` empty: POST .../demo/scan answers 404 (not in demo mode).
    SessionRoutes(services::SessionService& sessions, DemoScan demo_scan);

    // Without it, POST .../demo/enter-code answers 404 and pairing codes need a real phone.
    void set_demo_link_code(DemoLinkCode demo) { demo_link_code_ = std::move(demo); }

    // Calls `respond` exactly once, now or later (a demo scan answers from the simulator's strand).
    void handle(RouteId id, const PlainRequest& request, Respond respond);

private:
    services::SessionService& sessions_;
    DemoScan demo_scan_;
    DemoLinkCode demo_link_code_;
};

}  // namespace wagw::api
