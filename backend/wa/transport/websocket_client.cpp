#include "backend/wa/transport/websocket_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "backend/wa/transport/network_error.hpp"

namespace wagw::wa::transport {
namespace {

// One connection attempt. Lives (through shared_ptr captures) until on_done has been called.
class ClientHandshake : public std::enable_shared_from_this<ClientHandshake> {
public:
    ClientHandshake(asio::io_context& io, ClientOptions options, WebSocketUrl url,
                    std::shared_ptr<asio::ssl::context> tls, ConnectHandler on_done)
        : strand_(asio::make_strand(io)),
          options_(std::move(options)),
          url_(std::move(url)),
          resolver_(strand_),
          timer_(strand_),
          on_done_(std::move(on_done)) {
        asio::ip::tcp::socket socket(strand_);
        stream_ = tls ? std::make_unique<TransportStream>(std::move(socket), std::move(tls))
                      : std::make_unique<TransportStream>(std::move(socket));
        peer_ = url_.host_header();
        if (url_.port == (url_.tls ? 443 : 80)) peer_ += ":" + std::to_string(url_.port);
    }

    void run() {
        asio::dispatch(strand_, [self = shared_from_this()] { self->resolve(); });
    }

private:
    void arm_timer(std::chrono::milliseconds timeout, std::string step) {
        step_ = std::move(step);
        timer_.expires_after(timeout);
        timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
            if (ec || self->done_) return;
            self->timed_out_ = true;
            self->resolver_.cancel();
            self->stream_->close();
        });
    }

    void resolve() {
        arm_timer(options_.connect_timeout, "connecting to " + peer_);
        resolver_.async_resolve(url_.host, std::to_string(url_.port),
                                [self = shared_from_this()](const std::error_code& ec,
                                                            asio::ip::tcp::resolver::results_type results) {
                                    if (ec) return self->fail(ec, "resolving " + self->url_.host);
                                    self->connect(std::move(results));
                                });
    }

    void connect(asio::ip::tcp::resolver::results_type results) {
        asio::async_connect(stream_->socket(), results,
                            [self = shared_from_this()](const std::error_code& ec, const asio::ip::tcp::endpoint&) {
                                if (ec) return self->fail(ec, "connecting to " + self->peer_);
                                std::error_code ignored;
                                self->stream_->socket().set_option(asio::ip::tcp::no_delay(true), ignored);
                                self->timer_.cancel();
                                self->arm_timer(self->options_.handshake_timeout,
                                                "WebSocket handshake with " + self->peer_);
                                if (self->stream_->is_tls())
                                    self->tls_handshake();
                                else
                                    self->send_upgrade();
                            });
    }

    void tls_handshake() {
        SSL* ssl = stream_->tls().native_handle();
        if (url_.host_is_ip_literal) {
            // No SNI for IP literals (RFC 6066 3); verify the IP against the certificate's IP SANs instead.
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url_.host.c_str());
        } else {
            SSL_set_tlsext_host_name(ssl, url_.host.c_str());
            SSL_set1_host(ssl, url_.host.c_str());
        }
        stream_->tls().async_handshake(asio::ssl::stream_base::client,
                                       [self = shared_from_this()](const std::error_code& ec) {
                                           if (ec) {
                                               if (self->timed_out_) return self->fail(ec, "");
                                               long verify = SSL_get_verify_result(self->stream_->tls().native_handle());
                                               return self->complete(tls_handshake_error(ec, verify, self->peer_));
                                           }
                                           self->send_upgrade();
                                       });
    }

    void send_upgrade() {
        key_ = make_websocket_key();
        request_ = build_upgrade_request(url_, key_, options_.origin, options_.extra_headers);
        stream_->async_write(asio::buffer(request_), [self = shared_from_this()](const std::error_code& ec, std::size_t) {
            if (ec) return self->fail(ec, "sending the WebSocket upgrade to " + self->peer_);
            self->read_reply();
        });
    }

    void read_reply() {
        stream_->async_read_until(
            asio::dynamic_buffer(reply_, kMaxHttpHeadSize), "\r\n\r\n",
            [self = shared_from_this()](const std::error_code& ec, std::size_t head_size) {
                if (ec == asio::error::not_found)
                    return self->complete(Error{"bad_upgrade_reply", "upgrade reply from " + self->peer_ +
                                                                         " has a header larger than 16 KiB"});
                if (ec) return self->fail(ec, "waiting for the WebSocket upgrade reply from " + self->peer_);
                auto head = parse_http_response_head(std::string_view(self->reply_).substr(0, head_size));
                if (!head) return self->complete(head.error());
                if (auto checked = check_upgrade_response(*head, self->key_); !checked) {
                    Error error = checked.error();
                    error.message = self->peer_ + ": " + error.message;
                    return self->complete(std::move(error));
                }
                Bytes leftover(self->reply_.begin() + static_cast<std::ptrdiff_t>(head_size), self->reply_.end());
                auto connection = std::make_shared<WebSocketConnection>(
                    Role::client, self->strand_, std::move(self->stream_), std::move(*head), std::move(leftover),
                    self->options_.limits, self->peer_);
                self->complete(std::move(connection));
            });
    }

    void fail(const std::error_code& ec, const std::string& what) {
        if (timed_out_) return complete(timeout_error(step_));
        complete(network_error(ec, what));
    }

    void complete(Result<std::shared_ptr<WebSocketConnection>> result) {
        if (done_) return;
        done_ = true;
        timer_.cancel();
        if (stream_ && !result) stream_->close();
        auto on_done = std::move(on_done_);
        on_done(std::move(result));
    }

    Strand strand_;
    ClientOptions options_;
    WebSocketUrl url_;
    std::string peer_;
    asio::ip::tcp::resolver resolver_;
    asio::steady_timer timer_;
    std::unique_ptr<TransportStream> stream_;
    ConnectHandler on_done_;
    std::string step_;
    bool timed_out_ = false;
    bool done_ = false;
    std::string key_;
    std::string request_;
    std::string reply_;
};

}  // namespace

void connect_websocket(asio::io_context& io, ClientOptions options, ConnectHandler on_done) {
    auto fail_async = [&](Error error) {
        asio::post(io, [on_done = std::move(on_done), error = std::move(error)]() mutable { on_done(error); });
    };
    auto url = parse_websocket_url(options.url);
    if (!url) return fail_async(url.error());
    std::shared_ptr<asio::ssl::context> tls;
    if (url->tls) {
        auto context = make_client_tls_context(options.tls);
        if (!context) return fail_async(context.error());
        tls = std::move(*context);
    }
    auto handshake = std::make_shared<ClientHandshake>(io, std::move(options), std::move(*url), std::move(tls),
                                                       std::move(on_done));
    handshake->run();
}

}  // namespace wagw::wa::transport
