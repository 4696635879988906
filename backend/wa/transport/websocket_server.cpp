#include "backend/wa/transport/websocket_server.hpp"

#include "backend/wa/transport/http_body.hpp"
#include "backend/wa/transport/network_error.hpp"

namespace wagw::wa::transport {

struct WebSocketServer::Shared {
    ServerOptions options;
    AcceptHandler on_websocket;
    HttpHandler on_http;
    std::shared_ptr<asio::ssl::context> tls;
};

std::string_view HttpRequest::path() const {
    std::string_view target_view = target;
    return target_view.substr(0, target_view.find('?'));
}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
    return find_header(headers, name);
}

namespace {

// One accepted socket until it becomes a WebSocket (or while it serves plain HTTP requests).
class ServerSession : public std::enable_shared_from_this<ServerSession> {
public:
    // `socket` was accepted onto `strand`, which this session (and later the WebSocket connection) runs on.
    ServerSession(Strand strand, asio::ip::tcp::socket socket, std::shared_ptr<WebSocketServer::Shared> shared)
        : strand_(std::move(strand)),
          shared_(std::move(shared)),
          timer_(strand_) {
        std::error_code ec;
        auto endpoint = socket.remote_endpoint(ec);
        peer_ = ec ? "unknown peer" : endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
        socket.set_option(asio::ip::tcp::no_delay(true), ec);
        stream_ = shared_->tls ? std::make_unique<TransportStream>(std::move(socket), shared_->tls)
                               : std::make_unique<TransportStream>(std::move(socket));
    }

    void run() {
        asio::dispatch(strand_, [self = shared_from_this()] {
            self->arm_timer();
            if (!self->stream_->is_tls()) return self->read_first_byte();
            self->stream_->tls().async_handshake(asio::ssl::stream_base::server,
                                                 [self](const std::error_code& ec) {
                                                     if (ec) return self->abandon();
                                                     self->read_head();
                                                 });
        });
    }

private:
    void arm_timer() {
        timer_.expires_after(shared_->options.handshake_timeout);
        timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
            if (ec || self->handed_over_) return;
            // No (complete) request in time: drop the socket, there is nobody to report to.
            self->stream_->close();
        });
    }

    void abandon() {
        timer_.cancel();
        if (stream_) stream_->close();
    }

    // A TLS ClientHello on the plain port (a wss:// client pointed at a ws:// server) would otherwise sit there
    // until the handshake timeout; its first byte (0x16, a TLS handshake record) gives it away at once.
    void read_first_byte() {
        asio::async_read(stream_->socket(), asio::dynamic_buffer(buffer_), asio::transfer_exactly(1),
                         [self = shared_from_this()](const std::error_code& ec, std::size_t) {
                             if (ec || self->buffer_[0] == 0x16) return self->abandon();
                             self->read_head();
                         });
    }

    void read_head() {
        stream_->async_read_until(
            asio::dynamic_buffer(buffer_, kMaxHttpHeadSize), "\r\n\r\n",
            [self = shared_from_this()](const std::error_code& ec, std::size_t head_size) {
                if (ec == asio::error::not_found)
                    return self->reply_and_close({431, "text/plain; charset=utf-8", {}, "request head too large\n"});
                if (ec) return self->abandon();
                self->on_head(head_size);
            });
    }

    void on_head(std::size_t head_size) {
        if (head_size > kMaxHttpHeadSize)
            return reply_and_close({431, "text/plain; charset=utf-8", {}, "request head too large\n"});
        auto head = parse_http_request_head(std::string_view(buffer_).substr(0, head_size));
        if (!head) return reply_and_close({400, "text/plain; charset=utf-8", {}, head.error().message + "\n"});
        buffer_.erase(0, head_size);
        std::string_view path = std::string_view(head->target).substr(0, head->target.find('?'));
        if (head->header_has_token("Upgrade", "websocket") || path == shared_->options.websocket_path) {
            if (path != shared_->options.websocket_path)
                return reply_and_close({404, "text/plain; charset=utf-8", {}, "no WebSocket endpoint here\n"});
            return upgrade(std::move(*head));
        }
        if (!shared_->on_http) return reply_and_close({404, "text/plain; charset=utf-8", {}, "not found\n"});
        auto framing = body_framing(*head, shared_->options.max_http_body);
        if (!framing) {
            int status = framing.error().code == "body_too_large" ? 413 : 400;
            return reply_and_close({status, "text/plain; charset=utf-8", {}, framing.error().message + "\n"});
        }
        request_ = HttpRequest{head->method, head->target, std::move(head->headers), {}, peer_};
        keep_alive_ = !header_has_token(request_.headers, "Connection", "close");
        framing_ = *framing;
        if (framing_.chunked) chunked_.emplace(shared_->options.max_http_body);
        read_body();
    }

    void read_body() {
        if (framing_.chunked) {
            auto complete = chunked_->feed(buffer_);  // resumes where the previous read's bytes ended
            if (!complete) {
                int status = complete.error().code == "body_too_large" ? 413 : 400;
                return reply_and_close({status, "text/plain; charset=utf-8", {}, complete.error().message + "\n"});
            }
            if (*complete) {
                buffer_.erase(0, **complete);
                request_.body = chunked_->take_body();
                return dispatch_request();
            }
        } else if (buffer_.size() >= framing_.content_length) {
            request_.body = buffer_.substr(0, framing_.content_length);
            buffer_.erase(0, framing_.content_length);
            return dispatch_request();
        }
        // Need more bytes.
        std::size_t before = buffer_.size();
        buffer_.resize(before + 64 * 1024);
        stream_->async_read_some(asio::buffer(buffer_.data() + before, 64 * 1024),
                                 [self = shared_from_this(), before](const std::error_code& ec, std::size_t n) {
                                     self->buffer_.resize(before + n);
                                     if (ec) return self->abandon();
                                     self->read_body();
                                 });
    }

    void dispatch_request() {
        timer_.cancel();
        auto self = shared_from_this();
        HttpResponder respond = [self, answered = std::make_shared<std::atomic<bool>>(false)](HttpResponse response) {
            if (answered->exchange(true)) return;  // exactly once
            asio::post(self->strand_, [self, response = std::move(response)] { self->write_response(response); });
        };
        shared_->on_http(std::move(request_), std::move(respond));
    }

    void write_response(const HttpResponse& response) {
        out_ = serialize_http_response(response, keep_alive_);
        stream_->async_write(asio::buffer(out_), [self = shared_from_this()](const std::error_code& ec, std::size_t) {
            if (ec || !self->keep_alive_) return self->abandon_after_write();
            self->arm_timer();
            // A request may already be (partly) buffered.
            if (self->buffer_.find("\r\n\r\n") != std::string::npos)
                return self->on_head(self->buffer_.find("\r\n\r\n") + 4);
            self->read_head();
        });
    }

    void abandon_after_write() {
        std::error_code ignored;
        stream_->socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        abandon();
    }

    void reply_and_close(HttpResponse response) {
        keep_alive_ = false;
        write_response(response);
    }

    void upgrade(HttpHead head) {
        auto key = check_upgrade_request(head);
        if (!key) {
            HttpResponse refusal{400, "text/plain; charset=utf-8", {}, key.error().message + "\n"};
            if (head.header("Sec-WebSocket-Version") && *head.header("Sec-WebSocket-Version") != "13")
                refusal = {426, "text/plain; charset=utf-8", {{"Sec-WebSocket-Version", "13"}}, refusal.body};
            return reply_and_close(std::move(refusal));
        }
        out_ = build_upgrade_response(*key);
        stream_->async_write(asio::buffer(out_), [self = shared_from_this(), head = std::move(head)](
                                                     const std::error_code& ec, std::size_t) mutable {
            if (ec) return self->abandon();
            self->handed_over_ = true;
            self->timer_.cancel();
            Bytes leftover(self->buffer_.begin(), self->buffer_.end());
            auto connection = std::make_shared<WebSocketConnection>(Role::server, self->strand_,
                                                                    std::move(self->stream_), std::move(head),
                                                                    std::move(leftover), self->shared_->options.limits,
                                                                    self->peer_);
            self->shared_->on_websocket(std::move(connection));
        });
    }

    Strand strand_;
    std::shared_ptr<WebSocketServer::Shared> shared_;
    asio::steady_timer timer_;
    std::unique_ptr<TransportStream> stream_;
    std::string peer_;
    std::string buffer_;
    std::string out_;
    HttpRequest request_;
    BodyFraming framing_;
    std::optional<ChunkedBodyDecoder> chunked_;  // the current request's, when its body is chunked
    bool keep_alive_ = true;
    bool handed_over_ = false;
};

}  // namespace

WebSocketServer::WebSocketServer(asio::io_context& io, std::shared_ptr<Shared> shared)
    : io_(io),
      strand_(asio::make_strand(io)),
      acceptor_(strand_),
      retry_timer_(strand_),
      tls_(shared->tls),
      shared_(std::move(shared)) {}

WebSocketServer::~WebSocketServer() {
    std::error_code ignored;
    acceptor_.close(ignored);
}

Result<std::shared_ptr<WebSocketServer>> WebSocketServer::start(asio::io_context& io, ServerOptions options,
                                                                AcceptHandler on_websocket, HttpHandler on_http) {
    if (!on_websocket) return Error{"invalid_argument", "a WebSocket accept handler is required"};
    auto shared = std::make_shared<Shared>();
    if (options.tls) {
        auto context = make_server_tls_context(*options.tls);
        if (!context) return context.error();
        shared->tls = std::move(*context);
    }
    std::error_code ec;
    auto address = asio::ip::make_address(options.bind_address, ec);
    if (ec) return Error{"invalid_address", "cannot listen on '" + options.bind_address + "': not an IP address"};
    asio::ip::tcp::endpoint endpoint(address, options.port);
    std::string where = options.bind_address + ":" + std::to_string(options.port);
    shared->options = std::move(options);
    shared->on_websocket = std::move(on_websocket);
    shared->on_http = std::move(on_http);

    std::shared_ptr<WebSocketServer> server(new WebSocketServer(io, shared));
    auto& acceptor = server->acceptor_;
    if (acceptor.open(endpoint.protocol(), ec); ec) return network_error(ec, "opening a listening socket");
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (acceptor.bind(endpoint, ec); ec) {
        if (ec == asio::error::address_in_use)
            return Error{"address_in_use", "cannot listen on " + where + ": the port is already in use"};
        return network_error(ec, "binding " + where);
    }
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec)
        return network_error(ec, "listening on " + where);
    server->port_ = acceptor.local_endpoint(ec).port();
    asio::dispatch(server->strand_, [server] { server->accept_next(); });
    return server;
}

void WebSocketServer::stop() {
    asio::dispatch(strand_, [self = shared_from_this()] {
        std::error_code ignored;
        self->acceptor_.close(ignored);
        self->retry_timer_.cancel();
    });
}

void WebSocketServer::accept_next() {
    // Each connection gets its own strand; the acceptor keeps only a weak reference to the server so that
    // dropping the last shared_ptr stops accepting.
    auto connection_strand = asio::make_strand(io_);
    acceptor_.async_accept(connection_strand, [weak = weak_from_this(), connection_strand](
                                                  const std::error_code& ec, asio::ip::tcp::socket socket) {
        auto self = weak.lock();
        if (!self || !self->acceptor_.is_open()) return;
        if (!ec) {
            std::make_shared<ServerSession>(connection_strand, std::move(socket), self->shared_)->run();
            return self->accept_next();
        }
        // Transient errors (e.g. too many open files) must not stop the listener, nor spin it: retry shortly.
        self->retry_timer_.expires_after(std::chrono::milliseconds(100));
        self->retry_timer_.async_wait([weak = std::weak_ptr<WebSocketServer>(self)](const std::error_code& wait_ec) {
            auto server = weak.lock();
            if (!wait_ec && server && server->acceptor_.is_open()) server->accept_next();
        });
    });
}

}  // namespace wagw::wa::transport
