#include "backend/wa/transport/http_upgrade.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "common/util/base64.hpp"

namespace wagw::wa::transport {
namespace {

constexpr std::string_view kWebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool is_token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Splits "line\r\nline\r\n...\r\n\r\n" into the first line and the header list.
Result<std::pair<std::string_view, HeaderList>> split_head(std::string_view text, std::string_view what) {
    if (text.size() > kMaxHttpHeadSize)
        return Error{"http_head_too_large", std::string(what) + " head is larger than 16 KiB"};
    auto end = text.find("\r\n\r\n");
    if (end == std::string_view::npos) return Error{"bad_http", std::string(what) + " head is not terminated"};
    text = text.substr(0, end + 2);
    auto eol = text.find("\r\n");
    std::string_view first = text.substr(0, eol);
    text.remove_prefix(eol + 2);
    HeaderList headers;
    while (!text.empty()) {
        eol = text.find("\r\n");
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol + 2);
        auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return Error{"bad_http", std::string(what) + " has a malformed header line"};
        std::string_view name = line.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(), is_token_char))
            return Error{"bad_http", std::string(what) + " has an invalid header name"};
        headers.emplace_back(std::string(name), std::string(trim(line.substr(colon + 1))));
    }
    return std::pair{first, std::move(headers)};
}

}  // namespace

std::string WebSocketUrl::host_header() const {
    std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
    return out;
}

Result<WebSocketUrl> parse_websocket_url(std::string_view url) {
    WebSocketUrl out;
    auto bad = [&](std::string why) {
        return Error{"invalid_url", "WebSocket URL '" + std::string(url) + "' " + why};
    };
    std::string_view rest = url;
    if (rest.substr(0, 6) == "wss://") {
        out.tls = true;
        rest.remove_prefix(6);
    } else if (rest.substr(0, 5) == "ws://") {
        rest.remove_prefix(5);
    } else {
        return bad("must start with ws:// or wss://");
    }
    auto slash = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        out.target = std::string(rest.substr(slash));
        if (out.target.front() == '?') out.target.insert(out.target.begin(), '/');
    }
    if (authority.find('@') != std::string_view::npos) return bad("must not contain user info");
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return bad("has an unterminated IPv6 literal");
        out.host = std::string(authority.substr(1, close - 1));
        out.host_is_ip_literal = true;
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return bad("has garbage after the IPv6 literal");
            port_text = after.substr(1);
        }
    } else {
        auto colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
        out.host_is_ip_literal =
            !out.host.empty() && std::all_of(out.host.begin(), out.host.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
            });
    }
    if (out.host.empty()) return bad("has no host");
    out.port = out.tls ? 443 : 80;
    if (!port_text.empty()) {
        unsigned value = 0;
        auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
        if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || value == 0 || value > 65535)
            return bad("has an invalid port");
        out.port = static_cast<std::uint16_t>(value);
    }
    return out;
}

std::optional<std::string_view> find_header(const HeaderList& headers, std::string_view name) {
    for (const auto& [key, value] : headers)
        if (iequals(key, name)) return std::string_view(value);
    return std::nullopt;
}

std::optional<std::string_view> HttpHead::header(std::string_view name) const { return find_header(headers, name); }

bool HttpHead::header_has_token(std::string_view name, std::string_view token) const {
    return transport::header_has_token(headers, name, token);
}

bool header_has_token(const HeaderList& headers, std::string_view name, std::string_view token) {
    for (const auto& [key, value] : headers) {
        if (!iequals(key, name)) continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            auto comma = rest.find(',');
            if (iequals(trim(rest.substr(0, comma)), token)) return true;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return false;
}

Result<HttpHead> parse_http_request_head(std::string_view text) {
    auto split = split_head(text, "HTTP request");
    if (!split) return split.error();
    auto [line, headers] = std::move(*split);
    HttpHead head;
    head.headers = std::move(headers);
    auto sp1 = line.find(' ');
    auto sp2 = line.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1 || line.substr(sp2 + 1).substr(0, 5) != "HTTP/")
        return Error{"bad_http", "malformed HTTP request line"};
    head.method = std::string(line.substr(0, sp1));
    head.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
    return head;
}

Result<HttpHead> parse_http_response_head(std::string_view text) {
    auto split = split_head(text, "HTTP response");
    if (!split) return split.error();
    auto [line, headers] = std::move(*split);
    HttpHead head;
    head.headers = std::move(headers);
    // "HTTP/1.1 101 Switching Protocols"
    if (line.substr(0, 5) != "HTTP/" || line.size() < 12 || line[8] != ' ')
        return Error{"bad_upgrade_reply", "server reply is not HTTP (status line '" +
                                              std::string(line.substr(0, 40)) + "')"};
    auto [ptr, ec] = std::from_chars(line.data() + 9, line.data() + 12, head.status);
    if (ec != std::errc{} || ptr != line.data() + 12)
        return Error{"bad_upgrade_reply", "server reply has a malformed status code"};
    if (line.size() > 13) head.reason = std::string(line.substr(13));
    return head;
}

std::string make_websocket_key() {
    std::array<unsigned char, 16> nonce{};
    RAND_bytes(nonce.data(), static_cast<int>(nonce.size()));
    return util::base64_encode(nonce);
}

std::string websocket_accept_for(std::string_view key) {
    std::string input(key);
    input += kWebSocketGuid;
    std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest.data());
    return util::base64_encode(digest);
}

std::string build_upgrade_request(const WebSocketUrl& url, std::string_view key, std::string_view origin,
                                  const HeaderList& extra_headers) {
    std::string out;
    out += "GET " + url.target + " HTTP/1.1\r\n";
    out += "Host: " + url.host_header() + "\r\n";
    out += "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    out += "Sec-WebSocket-Key: " + std::string(key) + "\r\n";
    out += "Sec-WebSocket-Version: 13\r\n";
    if (!origin.empty()) out += "Origin: " + std::string(origin) + "\r\n";
    for (const auto& [name, value] : extra_headers) out += name + ": " + value + "\r\n";
    out += "\r\n";
    return out;
}

Status check_upgrade_response(const HttpHead& response, std::string_view key) {
    if (response.status != 101)
        return Error{"bad_upgrade_reply", "server refused the WebSocket upgrade with HTTP " +
                                              std::to_string(response.status) + " " + response.reason +
                                              " (wrong path, or not a WebSocket endpoint?)"};
    if (!response.header_has_token("Upgrade", "websocket") || !response.header_has_token("Connection", "upgrade"))
        return Error{"bad_upgrade_reply", "server's 101 reply lacks 'Upgrade: websocket' / 'Connection: Upgrade'"};
    auto accept = response.header("Sec-WebSocket-Accept");
    if (!accept || *accept != websocket_accept_for(key))
        return Error{"bad_upgrade_reply", "server's Sec-WebSocket-Accept does not match our key (a proxy or a "
                                          "non-WebSocket server answered)"};
    if (response.header("Sec-WebSocket-Extensions"))
        return Error{"bad_upgrade_reply", "server enabled a WebSocket extension we never offered"};
    return ok_status();
}

Result<std::string> check_upgrade_request(const HttpHead& request) {
    if (request.method != "GET") return Error{"bad_upgrade_request", "WebSocket upgrade must use GET"};
    if (!request.header_has_token("Upgrade", "websocket") || !request.header_has_token("Connection", "upgrade"))
        return Error{"bad_upgrade_request", "request lacks 'Upgrade: websocket' / 'Connection: Upgrade'"};
    auto version = request.header("Sec-WebSocket-Version");
    if (!version || *version != "13")
        return Error{"bad_upgrade_request", "only Sec-WebSocket-Version 13 is supported"};
    auto key = request.header("Sec-WebSocket-Key");
    if (!key || key->size() != 24) return Error{"bad_upgrade_request", "missing or malformed Sec-WebSocket-Key"};
    return std::string(*key);
}

std::string build_upgrade_response(std::string_view client_key) {
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Accept: " +
           websocket_accept_for(client_key) + "\r\n\r\n";
}

std::string_view http_reason_phrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 413: return "Payload Too Large";
        case 426: return "Upgrade Required";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Status";
    }
}

std::string serialize_http_response(const HttpResponse& response, bool keep_alive) {
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " +
                      std::string(http_reason_phrase(response.status)) + "\r\n";
    if (!response.content_type.empty()) out += "Content-Type: " + response.content_type + "\r\n";
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    out += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
    out += "\r\n";
    out += response.body;
    return out;
}

}  // namespace wagw::wa::transport
