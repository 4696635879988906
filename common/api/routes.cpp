#include "common/api/routes.hpp"

#include <array>

namespace wagw::api {
namespace {

constexpr std::array kRoutes{
    Route{RouteId::Health, HttpMethod::Get, "/api/health", false, false,
          "Is the gateway up? Returns its status, version and uptime.",
          R"({"status":"ok","version":"0.1.0","uptime_s":42,"demo":false})"},
    Route{RouteId::Events, HttpMethod::Get, "/api/events", true, true,
          "Live events over a WebSocket. The first event is always \"hello\". Send your key in a header, or "
          "(from a browser) open it with ?ticket= from POST /api/events/tickets.",
          R"({"type":"hello","at_ms":1700000000000,"data":{"version":"0.1.0","uptime_s":42}})",
          kDefaultMaxBodyBytes, Scope::EventsRead},
    Route{RouteId::EventTickets, HttpMethod::Post, "/api/events/tickets", false, true,
          "A single-use ticket, valid for 60 seconds, to open /api/events from a browser (which cannot send "
          "headers on a WebSocket).",
          R"({"ticket":"evt_...","expires_in_s":60})",
          kDefaultMaxBodyBytes, Scope::EventsRead},
    Route{RouteId::SessionCreate, HttpMethod::Post, "/api/sessions", false, true,
          "Create a session (a WhatsApp account to link) from {\"name\"}: 1 to 64 characters, unique. It "
          "starts stopped; start it to get a QR code. Times are unix milliseconds.",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"stopped","state_reason":"created",)"
          R"("desired_running":false,"jid":"","phone":"","push_name":"","created_at":1700000000000,)"
          R"("updated_at":1700000000000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite, 201, R"({"name":"shop"})"},
    Route{RouteId::SessionList, HttpMethod::Get, "/api/sessions", false, true,
          "Every session, oldest first, with its state.",
          R"({"sessions":[{"id":"ses_0123456789abcdef","name":"shop","state":"connected",)"
          R"("state_reason":"logged in","desired_running":true,"jid":"15551234567:3@s.whatsapp.net",)"
          R"("phone":"15551234567","push_name":"","created_at":1700000000000,"updated_at":1700000060000}]})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionGet, HttpMethod::Get, "/api/sessions/:id", false, true,
          "One session and its state.",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"scan_qr",)"
          R"("state_reason":"waiting for a QR scan","desired_running":true,"jid":"","phone":"",)"
          R"("push_name":"","created_at":1700000000000,"updated_at":1700000001000})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionUpdate, HttpMethod::Patch, "/api/sessions/:id", false, true,
          "Rename a session: {\"name\"}.",
          R"({"id":"ses_0123456789abcdef","name":"front desk","state":"stopped","state_reason":"created",)"
          R"("desired_running":false,"jid":"","phone":"","push_name":"","created_at":1700000000000,)"
          R"("updated_at":1700000002000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite, 200, R"({"name":"front desk"})"},
    Route{RouteId::SessionDelete, HttpMethod::Delete, "/api/sessions/:id", false, true,
          "Delete a session: its client stops (a connected device is unlinked first) and its data is "
          "removed.",
          R"({"deleted":true,"id":"ses_0123456789abcdef"})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionStart, HttpMethod::Post, "/api/sessions/:id/start", false, true,
          "Start the session's WhatsApp client; it comes back by itself after a gateway restart until "
          "stopped. A new session then shows QR codes (state scan_qr), a linked one logs in (connecting, "
          "connected).",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"starting","state_reason":"start requested",)"
          R"("desired_running":true,"jid":"","phone":"","push_name":"","created_at":1700000000000,)"
          R"("updated_at":1700000001000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionStop, HttpMethod::Post, "/api/sessions/:id/stop", false, true,
          "Stop the session's client; the device stays linked and logs in again at the next start.",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"stopped","state_reason":"stop requested",)"
          R"("desired_running":false,"jid":"15551234567:3@s.whatsapp.net","phone":"15551234567",)"
          R"("push_name":"","created_at":1700000000000,"updated_at":1700000090000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionLogout, HttpMethod::Post, "/api/sessions/:id/logout", false, true,
          "Unlink the device from the WhatsApp account (a running session only); the state becomes "
          "logged_out and a new scan is needed.",
          R"({"id":"ses_0123456789abcdef","name":"shop","state":"connected","state_reason":"logged in",)"
          R"("desired_running":true,"jid":"15551234567:3@s.whatsapp.net","phone":"15551234567",)"
          R"("push_name":"","created_at":1700000000000,"updated_at":1700000060000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionHistory, HttpMethod::Get, "/api/sessions/:id/history", false, true,
          "The session's state changes, oldest first, each with its time and reason.",
          R"({"history":[{"at_ms":1700000001000,"state":"starting","reason":"start requested"},)"
          R"({"at_ms":1700000001200,"state":"scan_qr","reason":"waiting for a QR scan"}]})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionMe, HttpMethod::Get, "/api/sessions/:id/me", false, true,
          "The WhatsApp account the session is linked to: our device JID, the phone number and the push name. "
          "409 not_linked before the first scan.",
          R"({"jid":"15551234567:3@s.whatsapp.net","phone":"15551234567","push_name":"Shop"})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionQr, HttpMethod::Get, "/api/sessions/:id/qr", false, true,
          "The QR code to scan with WhatsApp on the phone (Linked devices), while the session is in scan_qr; "
          "?format=png or ?format=svg gives it as an image, ?format=matrix as its modules ({\"size\",\"rows\"}, for "
          "drawing it yourself). 409 not_waiting_for_scan in any other state.",
          R"({"qr":"2@AbC...,XyZ...,DeF...,GhI...","expires_at":1700000061000})",
          kDefaultMaxBodyBytes, Scope::SessionsRead},
    Route{RouteId::SessionDemoScan, HttpMethod::Post, "/api/sessions/:id/demo/scan", false, true,
          "Demo mode only (wagw serve --demo): a virtual phone of the built-in WhatsApp simulator scans the "
          "session's current QR code, and the session links and connects.",
          R"({"scanned":true,"phone":"4915550123","device":1})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite},
    Route{RouteId::SessionPairingCode, HttpMethod::Post, "/api/sessions/:id/pairing-code", false, true,
          "Link by phone number instead of QR: from {\"phone\"} (any common written form, with its country "
          "code) the session's client restarts in link-code mode (state pairing_code) and the reply carries "
          "the 8-character code to type on that phone under Linked devices > Link with phone number (also "
          "sent as a session.pairing_code event). 409 already_linked for a linked session, 400 for a bad "
          "number.",
          R"({"code":"ABCD-EFGH","phone":"4915155500001","expires_at":1700000180000})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite, 200, R"({"phone":"+49 151 5550-0001"})"},
    Route{RouteId::SessionDemoEnterCode, HttpMethod::Post, "/api/sessions/:id/demo/enter-code", false, true,
          "Demo mode only (wagw serve --demo): the virtual phone the pairing code was asked for types "
          "{\"code\"}, and the session links and connects (a wrong code fails the pairing).",
          R"({"entered":true,"phone":"4915155500001"})",
          kDefaultMaxBodyBytes, Scope::SessionsWrite, 200, R"({"code":"ABCD-EFGH"})"},
    Route{RouteId::KeyCreate, HttpMethod::Post, "/api/keys", false, true,
          "Create an API key from {\"name\",\"scopes\":[...],\"sessions\"?:[ids]}: the scopes it may use "
          "(keys:manage stays with the admin key) and, optionally, the only sessions it may touch. The key is "
          "in this reply and never again: only its hash is kept.",
          R"({"id":"key_0123456789abcdef","name":"shop bot","scopes":["messages:send","sessions:read"],)"
          R"("sessions":["ses_0123456789abcdef"],"created_at":1700000000000,)"
          R"("key":"wagw_key_0123456789abcdef_...","note":"shown once: only a hash of this key is kept"})",
          kDefaultMaxBodyBytes, Scope::KeysManage, 201,
          R"({"name":"shop bot","scopes":["messages:send","sessions:read"],)"
          R"("sessions":["ses_0123456789abcdef"]})"},
    Route{RouteId::KeyList, HttpMethod::Get, "/api/keys", false, true,
          "Every API key with its name, scopes and sessions, oldest first; never the key itself.",
          R"({"keys":[{"id":"key_0123456789abcdef","name":"shop bot","scopes":["messages:send"],)"
          R"("sessions":null,"created_at":1700000000000}]})",
          kDefaultMaxBodyBytes, Scope::KeysManage},
    Route{RouteId::KeyDelete, HttpMethod::Delete, "/api/keys/:id", false, true,
          "Revoke an API key: requests with it are refused (401) from now on.",
          R"({"deleted":true,"id":"key_0123456789abcdef"})", kDefaultMaxBodyBytes, Scope::KeysManage},
    Route{RouteId::OpenApi, HttpMethod::Get, "/api/openapi.json", false, false,
          "This API described in OpenAPI 3.1, generated from the same route table as the server.",
          R"({"openapi":"3.1.0","info":{"title":"wagw","version":"0.1.0"},"paths":{}})", kDefaultMaxBodyBytes,
          Scope::Public},
    Route{RouteId::Docs, HttpMethod::Get, "/docs", false, false,
          "This reference as a web page: every route with its scope and a curl line to try it.",
          "<!doctype html><title>wagw API reference</title>...", kDefaultMaxBodyBytes, Scope::Public, 200, {},
          "text/html; charset=utf-8"},
    Route{RouteId::Metrics, HttpMethod::Get, "/metrics", false, true,
          "Prometheus metrics in the text format: sessions by state, HTTP requests by route and status, "
          "request latency histograms per route, open event sockets.",
          "# TYPE wagw_sessions gauge\nwagw_sessions{state=\"connected\"} 1\n", kDefaultMaxBodyBytes,
          Scope::MetricsRead, 200, {}, "text/plain; version=0.0.4; charset=utf-8"},
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
