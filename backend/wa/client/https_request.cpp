#include "backend/wa/client/https_request.hpp"

#include <algorithm>

#include <asio.hpp>
#include <asio/ssl.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "backend/wa/transport/http_body.hpp"

namespace wagw::wa::client {
namespace {

using Tcp = asio::ip::tcp;

struct HttpsExchange : std::enable_shared_from_this<HttpsExchange> {
    HttpsExchange(asio::io_context& io, std::shared_ptr<asio::ssl::context> context)
        : resolver(io), timer(io), context(std::move(context)), stream(io, *this->context) {}

    Tcp::resolver resolver;
    asio::steady_timer timer;
    std::shared_ptr<asio::ssl::context> context;
    asio::ssl::stream<Tcp::socket> stream;
    transport::WebSocketUrl url;
    HttpsRequest request;
    std::string wire;
    std::string received;
    std::function<void(Result<HttpsReply>)> done;

    void finish(Result<HttpsReply> result) {
        if (!done) return;
        auto callback = std::move(done);
        done = nullptr;
        timer.cancel();
        std::error_code ignored;
        stream.lowest_layer().close(ignored);
        callback(std::move(result));
    }

    void fail(const std::string& code, const std::string& what, const std::error_code& error) {
        finish(Error{code, what + " " + url.host + ": " + error.message()});
    }

    void start() {
        auto self = shared_from_this();
        timer.expires_after(request.timeout);
        timer.async_wait([self](const std::error_code& error) {
            if (!error) self->finish(Error{"timeout", "HTTPS request to " + self->url.host + " timed out"});
        });
        resolver.async_resolve(url.host, std::to_string(url.port),
                               [self](const std::error_code& error, Tcp::resolver::results_type endpoints) {
                                   if (error) return self->fail("resolve_failed", "cannot resolve", error);
                                   self->connect(endpoints);
                               });
    }

    void connect(const Tcp::resolver::results_type& endpoints) {
        auto self = shared_from_this();
        asio::async_connect(stream.lowest_layer(), endpoints, [self](const std::error_code& error, const Tcp::endpoint&) {
            if (error) return self->fail("connection_refused", "cannot connect to", error);
            self->handshake();
        });
    }

    void handshake() {
        // As for the chat WebSocket: SNI and name check for host names, the IP SAN check for IP literals.
        SSL* ssl = stream.native_handle();
        if (url.host_is_ip_literal) {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url.host.c_str());
        } else {
            SSL_set_tlsext_host_name(ssl, url.host.c_str());
            SSL_set1_host(ssl, url.host.c_str());
        }
        auto self = shared_from_this();
        stream.async_handshake(asio::ssl::stream_base::client, [self](const std::error_code& error) {
            if (error) return self->fail("tls_failed", "TLS handshake failed with", error);
            self->write();
        });
    }

    void write() {
        wire = request.method + " " + url.target + " HTTP/1.1\r\nHost: " + url.host_header() +
               "\r\nConnection: close\r\nContent-Length: " + std::to_string(request.body.size()) + "\r\n";
        for (const auto& [name, value] : request.headers) wire += name + ": " + value + "\r\n";
        wire += "\r\n";
        wire += request.body;
        auto self = shared_from_this();
        asio::async_write(stream, asio::buffer(wire), [self](const std::error_code& error, std::size_t) {
            if (error) return self->fail("write_failed", "cannot send the request to", error);
            self->read();
        });
    }

    void read() {
        auto self = shared_from_this();
        auto chunk = std::make_shared<std::array<char, 16384>>();
        stream.async_read_some(asio::buffer(*chunk), [self, chunk](const std::error_code& error, std::size_t n) {
            self->received.append(chunk->data(), n);
            if (self->received.size() > self->request.max_reply + transport::kMaxHttpHeadSize)
                return self->finish(Error{"reply_too_large", "the HTTPS reply exceeds the limit"});
            if (self->try_complete()) return;
            if (error) {
                // Servers that close without TLS close_notify end the body this way.
                if (error == asio::error::eof || error == asio::ssl::error::stream_truncated) {
                    if (!self->try_complete(true))
                        self->finish(Error{"bad_reply", "the HTTPS reply ended early"});
                    return;
                }
                return self->fail("read_failed", "cannot read the reply from", error);
            }
            self->read();
        });
    }

    // True when a whole reply is in `received` (and finish was called).
    bool try_complete(bool closed = false) {
        auto head_end = received.find("\r\n\r\n");
        if (head_end == std::string::npos) return false;
        auto head = transport::parse_http_response_head(std::string_view(received).substr(0, head_end + 4));
        if (!head) {
            finish(head.error());
            return true;
        }
        std::string_view rest = std::string_view(received).substr(head_end + 4);
        HttpsReply reply;
        reply.status = head->status;
        if (head->header_has_token("Transfer-Encoding", "chunked")) {
            std::string body;
            auto used = transport::decode_chunked_body(rest, request.max_reply, body);
            if (!used) {
                finish(used.error());
                return true;
            }
            if (!*used) return false;
            reply.body = std::move(body);
        } else if (auto length = head->header("Content-Length")) {
            std::size_t expected = std::strtoull(std::string(*length).c_str(), nullptr, 10);
            if (rest.size() < expected) return false;
            reply.body = std::string(rest.substr(0, expected));
        } else {
            if (!closed) return false;
            reply.body = std::string(rest);
        }
        finish(std::move(reply));
        return true;
    }
};

}  // namespace

void https_request(asio::io_context& io, const transport::TlsClientOptions& tls, HttpsRequest request,
                   std::function<void(Result<HttpsReply>)> done) {
    std::string url_text = request.url;
    if (url_text.rfind("https://", 0) != 0) return done(Error{"bad_url", "not an https:// URL"});
    // Media URLs come from the sender's message: a space, CR or LF in one would let it write its own request line
    // or headers into our request.
    const bool has_control = std::any_of(url_text.begin(), url_text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7F;
    });
    if (has_control) return done(Error{"bad_url", "the URL contains spaces or control characters"});
    // The WebSocket URL parser knows hosts, ports and IPv6 literals; wss:// has the same defaults as https://.
    auto url = transport::parse_websocket_url("wss://" + url_text.substr(8));
    if (!url) return done(url.error());
    auto context = transport::make_client_tls_context(tls);
    if (!context) return done(context.error());
    auto exchange = std::make_shared<HttpsExchange>(io, *context);
    exchange->url = *url;
    exchange->request = std::move(request);
    exchange->done = std::move(done);
    exchange->start();
}

}  // namespace wagw::wa::client
