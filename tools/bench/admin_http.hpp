#pragma once
// Requests to a --plain wasim's JSON control API (/admin/...) from inside the benchmark's io_context: one
// connection per request (HTTP/1.1, Connection: close), so hundreds can be in flight without a thread each.
#include <asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "common/util/result.hpp"

namespace wagw::bench {

struct AdminEndpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;

    // From the WebSocket URL wasim printed: ws://HOST:PORT/ws/chat.
    static Result<AdminEndpoint> from_websocket_url(const std::string& url);
};

struct AdminReply {
    int status = 0;
    std::string body;
};

// `done` runs once, on an io_context thread.
void admin_request(asio::io_context& io, const AdminEndpoint& endpoint, std::string method, std::string path,
                   std::string json_body, std::function<void(Result<AdminReply>)> done);

}  // namespace wagw::bench
