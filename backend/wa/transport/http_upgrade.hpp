#pragma once
// The HTTP/1.1 side of a WebSocket connection (RFC 6455 section 4): the client's upgrade request, the server's
// 101 reply, the Sec-WebSocket-Accept check, and a minimal HTTP message-head parser shared by both roles.
// Pure code (SHA-1/base64 via OpenSSL's libcrypto), testable without sockets.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::wa::transport {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup; the second form checks comma-separated tokens (e.g. "Connection: upgrade").
std::optional<std::string_view> find_header(const HeaderList& headers, std::string_view name);
bool header_has_token(const HeaderList& headers, std::string_view name, std::string_view token);

// ws://host[:port]/path or wss://...; IPv6 literals in brackets.
struct WebSocketUrl {
    bool tls = false;
    std::string host;  // without brackets
    std::uint16_t port = 0;
    std::string target = "/";  // path + query
    bool host_is_ip_literal = false;

    std::string host_header() const;  // "host[:port]", brackets for IPv6, port omitted when it is the default
};
Result<WebSocketUrl> parse_websocket_url(std::string_view url);

// A parsed request or status line plus headers. Header lookup is case-insensitive.
struct HttpHead {
    // Request line
    std::string method;
    std::string target;
    // Status line
    int status = 0;
    std::string reason;

    HeaderList headers;

    std::optional<std::string_view> header(std::string_view name) const;
    // True when the comma-separated header `name` contains `token` (case-insensitive), e.g. Connection: upgrade.
    bool header_has_token(std::string_view name, std::string_view token) const;
};

// Upper bound for a request/response head; anything longer is refused rather than buffered.
inline constexpr std::size_t kMaxHttpHeadSize = 16 * 1024;

// `text` is the head up to and including the blank line.
Result<HttpHead> parse_http_request_head(std::string_view text);
Result<HttpHead> parse_http_response_head(std::string_view text);

// 16 random bytes, base64.
std::string make_websocket_key();
// base64(SHA-1(key + GUID)).
std::string websocket_accept_for(std::string_view key);

std::string build_upgrade_request(const WebSocketUrl& url, std::string_view key, std::string_view origin,
                                  const HeaderList& extra_headers);
// Checks the server's reply to our upgrade request.
Status check_upgrade_response(const HttpHead& response, std::string_view key);

// Server side: is this a valid WebSocket upgrade request? Returns the client's key.
Result<std::string> check_upgrade_request(const HttpHead& request);
std::string build_upgrade_response(std::string_view client_key);

// A plain HTTP response (used for non-WebSocket paths and for refusing bad upgrades).
struct HttpResponse {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    HeaderList headers;
    std::string body;
};
std::string serialize_http_response(const HttpResponse& response, bool keep_alive);
std::string_view http_reason_phrase(int status);

}  // namespace wagw::wa::transport
