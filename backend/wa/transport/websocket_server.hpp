#pragma once
// The accepting side, for the simulator (and tests): listens on one address/port, plain or TLS, upgrades
// WebSocket requests on one path (e.g. /ws/chat) and hands each connection to a callback; every other HTTP request
// goes to an ordinary request handler, so media upload/download and a JSON admin API can share the port.
//
// HTTP support is deliberately small: HTTP/1.1 with Content-Length or chunked bodies, keep-alive, no pipelining
// beyond sequential requests, no multipart parsing (bodies are handed over raw).
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "backend/wa/transport/tls_context.hpp"
#include "backend/wa/transport/websocket_connection.hpp"

namespace wagw::wa::transport {

struct ServerOptions {
    std::string bind_address = "127.0.0.1";
    std::uint16_t port = 0;  // 0: pick a free port (read it back with port())
    std::optional<TlsCredentials> tls;  // set: wss:// and https://
    std::string websocket_path = "/ws/chat";
    // TLS handshake + request head (and, for HTTP, the time a keep-alive connection may sit idle).
    std::chrono::milliseconds handshake_timeout{10000};
    std::size_t max_http_body = std::size_t{64} << 20;
    ConnectionLimits limits;
};

struct HttpRequest {
    std::string method;
    std::string target;  // path + query, as sent
    HeaderList headers;
    std::string body;
    std::string peer;

    std::string_view path() const;  // target without the query
    std::optional<std::string_view> header(std::string_view name) const;
};

// Must be called exactly once, from any thread.
using HttpResponder = std::function<void(HttpResponse)>;
using HttpHandler = std::function<void(HttpRequest request, HttpResponder respond)>;
// Called on the new connection's strand; call start() on it to begin receiving.
using AcceptHandler = std::function<void(std::shared_ptr<WebSocketConnection>)>;

class WebSocketServer : public std::enable_shared_from_this<WebSocketServer> {
public:
    // Binds and starts accepting. Without an HttpHandler, other paths get 404.
    static Result<std::shared_ptr<WebSocketServer>> start(asio::io_context& io, ServerOptions options,
                                                          AcceptHandler on_websocket, HttpHandler on_http = {});
    ~WebSocketServer();

    std::uint16_t port() const { return port_; }
    bool is_tls() const { return tls_ != nullptr; }
    // Stops accepting new connections; connections already handed out stay open (their owner closes them).
    void stop();

    struct Shared;  // what each accepted connection needs, kept alive by shared_ptr

private:
    WebSocketServer(asio::io_context& io, std::shared_ptr<Shared> shared);
    void accept_next();

    asio::io_context& io_;
    Strand strand_;
    asio::ip::tcp::acceptor acceptor_;
    asio::steady_timer retry_timer_;  // pause after a failed accept
    std::shared_ptr<asio::ssl::context> tls_;
    std::shared_ptr<Shared> shared_;
    std::uint16_t port_ = 0;
};

}  // namespace wagw::wa::transport
