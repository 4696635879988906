#pragma once
// The REST + WebSocket + static-file server. Restinio stays inside http_server.cpp (it is heavy to compile);
// this header only names what the server needs.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asio/io_context.hpp>

#include "backend/api/event_hub.hpp"
#include "backend/api/event_tickets.hpp"
#include "backend/api/plain_http.hpp"
#include "backend/services/event_log.hpp"
#include "backend/services/health.hpp"
#include "backend/services/metrics.hpp"
#include "backend/services/principal.hpp"
#include "common/util/result.hpp"

namespace wagw::api {

struct HttpServerConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::filesystem::path web_root;  // the built browser app (index.html, app.js, app.wasm, fonts)

    // Open connections at most (HTTP and WebSocket); set well below the descriptor limit, so a flood of
    // connections cannot take the descriptors that sessions and the database need.
    std::size_t max_connections = 1024;
    // Request bodies: a route may allow less (the route table); nothing is read past this.
    std::size_t max_body_bytes = std::size_t{1} << 20;
    std::size_t max_url_bytes = 8 * 1024;
    std::size_t max_header_bytes = 8 * 1024;  // one header's name or value
    std::size_t max_header_count = 100;
    // A request must arrive whole within this (a slow sender is cut off), and be answered within this.
    std::chrono::milliseconds request_read_timeout{30'000};
    std::chrono::milliseconds request_handle_timeout{30'000};
    // How often the listener is checked for a stalled accept loop (see http_server.cpp).
    std::chrono::milliseconds accept_check_interval{250};
    // Origins (scheme://host[:port]) besides the gateway's own that may open /api/events from a browser.
    std::vector<std::string> allowed_origins;
    std::size_t max_event_sockets_per_key = 32;
};

// Who a key belongs to (the admin, or an API key with its scopes), or nothing for an unknown key.
using KeyCheck = std::function<std::optional<services::Principal>(std::string_view key)>;

struct HttpServerDeps {
    const services::HealthReporter& health;
    EventHub& events;
    KeyCheck check_key;
    EventTickets& tickets;
    // Every route of the table the server does not answer itself (sessions, ...); unset: 404 for those.
    PlainRouteHandler plain_routes = {};
    // Request counts and latencies go here, and GET /metrics renders it; unset: /metrics answers 404.
    services::Metrics* metrics = nullptr;
    bool log_requests = true;  // one line per request on stderr (request_log.hpp)
    // The stored events, for /api/events?since=; unset: since is refused.
    services::EventLog* event_log = nullptr;
};

class HttpServer {
public:
    HttpServer(asio::io_context& io, HttpServerConfig config, HttpServerDeps deps);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds the listening socket now, so a taken port is reported before the event loop starts.
    Status open();
    void close();
    // The port actually bound (useful with port 0).
    std::uint16_t port() const;
    // How often the accept loop was found stalled and restarted (after descriptor exhaustion).
    std::uint64_t listener_restarts() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace wagw::api
