#pragma once
// The REST + WebSocket + static-file server. Restinio stays inside http_server.cpp (it is heavy to compile);
// this header only names what the server needs.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <asio/io_context.hpp>

#include "backend/api/event_hub.hpp"
#include "backend/services/health.hpp"
#include "common/util/result.hpp"

namespace wagw::api {

struct HttpServerConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::filesystem::path web_root;  // the built browser app (index.html, app.js, app.wasm, fonts)
};

struct HttpServerDeps {
    const services::HealthReporter& health;
    EventHub& events;
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

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wagw::api
