#pragma once
// Opens a WebSocket connection as a client: resolve, TCP connect, TLS (wss://, with SNI and host-name
// verification), HTTP upgrade with the Origin WhatsApp expects. Each step is bounded by a timeout; every failure
// comes back as a wagw::Error (connection_refused, timeout, tls_verify_failed, bad_upgrade_reply, ...).
//
// Why our own RFC 6455 client instead of websocketpp: WhatsApp needs only binary messages, no extensions and no
// subprotocols, so the whole protocol is a few hundred lines (websocket_framing.cpp, http_upgrade.cpp) that we can
// test byte by byte. websocketpp would bring its own config/transport template stack, exceptions across its
// callbacks and its own threading assumptions, and it bundles a Boost-or-standalone asio switch that must match
// Restinio's; our code uses the same standalone asio strand model as the rest of the gateway.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "backend/wa/transport/tls_context.hpp"
#include "backend/wa/transport/websocket_connection.hpp"

namespace wagw::wa::transport {

inline constexpr const char* kWhatsAppOrigin = "https://web.whatsapp.com";
inline constexpr const char* kWhatsAppWebSocketUrl = "wss://web.whatsapp.com/ws/chat";

struct ClientOptions {
    std::string url = kWhatsAppWebSocketUrl;
    std::string origin = kWhatsAppOrigin;  // empty: no Origin header
    HeaderList extra_headers;              // e.g. User-Agent; sent as given
    TlsClientOptions tls;
    std::chrono::milliseconds connect_timeout{20000};    // DNS + TCP connect
    std::chrono::milliseconds handshake_timeout{20000};  // TLS handshake + HTTP upgrade
    ConnectionLimits limits;
};

using ConnectHandler = std::function<void(Result<std::shared_ptr<WebSocketConnection>>)>;

// Connects asynchronously; `on_done` runs exactly once, on the new connection's strand. The connection is
// returned unstarted: call start() with handlers to begin receiving.
void connect_websocket(asio::io_context& io, ClientOptions options, ConnectHandler on_done);

}  // namespace wagw::wa::transport
