#include "common/api/routes.hpp"

#include <array>

namespace wagw::api {
namespace {

constexpr std::array kRoutes{
    Route{RouteId::Health, HttpMethod::Get, "/api/health", false, false,
          "Is the gateway up? Returns its status, version and uptime.",
          R"({"status":"ok","version":"0.1.0","uptime_s":42})"},
    Route{RouteId::Events, HttpMethod::Get, "/api/events", true, true,
          "Live events over a WebSocket. The first event is always \"hello\". Send your key in a header, or "
          "(from a browser) open it with ?ticket= from POST /api/events/tickets.",
          R"({"type":"hello","at_ms":1700000000000,"data":{"version":"0.1.0","uptime_s":42}})"},
    Route{RouteId::EventTickets, HttpMethod::Post, "/api/events/tickets", false, true,
          "A single-use ticket, valid for 60 seconds, to open /api/events from a browser (which cannot send "
          "headers on a WebSocket).",
          R"({"ticket":"evt_...","expires_in_s":60})"},
};

}  // namespace

std::string_view method_name(HttpMethod method) {
    switch (method) {
        case HttpMethod::Get: return "GET";
        case HttpMethod::Post: return "POST";
        case HttpMethod::Put: return "PUT";
        case HttpMethod::Patch: return "PATCH";
        case HttpMethod::Delete: return "DELETE";
    }
    return "GET";
}

std::span<const Route> all_routes() { return kRoutes; }

const Route& route(RouteId id) {
    for (const Route& r : kRoutes) {
        if (r.id == id) return r;
    }
    return kRoutes.front();  // unreachable: every RouteId has a row, checked by the route table test
}

}  // namespace wagw::api
