#pragma once
// A TCP socket, optionally wrapped in TLS, behind one interface so the WebSocket code is written once for ws://
// and wss://. Every operation must be started from the owning strand (asio's SSL stream is not thread-safe); the
// socket is created on that strand, so completion handlers run there too.
#include <asio.hpp>
#include <asio/ssl.hpp>

#include <memory>
#include <optional>

namespace wagw::wa::transport {

using Strand = asio::strand<asio::io_context::executor_type>;

class TransportStream {
public:
    using Tcp = asio::ip::tcp;

    // Plain TCP.
    explicit TransportStream(Tcp::socket socket) : plain_(std::move(socket)) {}
    // TLS over the given socket; the context is kept alive as long as the stream.
    TransportStream(Tcp::socket socket, std::shared_ptr<asio::ssl::context> context)
        : context_(std::move(context)), tls_(std::in_place, std::move(socket), *context_) {}

    bool is_tls() const { return tls_.has_value(); }
    Tcp::socket& socket() { return tls_ ? tls_->next_layer() : *plain_; }
    asio::ssl::stream<Tcp::socket>& tls() { return *tls_; }

    template <class Buffers, class Handler>
    void async_read_some(const Buffers& buffers, Handler&& handler) {
        if (tls_)
            tls_->async_read_some(buffers, std::forward<Handler>(handler));
        else
            plain_->async_read_some(buffers, std::forward<Handler>(handler));
    }

    template <class Buffers, class Handler>
    void async_write(const Buffers& buffers, Handler&& handler) {
        if (tls_)
            asio::async_write(*tls_, buffers, std::forward<Handler>(handler));
        else
            asio::async_write(*plain_, buffers, std::forward<Handler>(handler));
    }

    template <class DynamicBuffer, class Handler>
    void async_read_until(DynamicBuffer buffer, const std::string& delimiter, Handler&& handler) {
        if (tls_)
            asio::async_read_until(*tls_, std::move(buffer), delimiter, std::forward<Handler>(handler));
        else
            asio::async_read_until(*plain_, std::move(buffer), delimiter, std::forward<Handler>(handler));
    }

    // Abrupt close; pending operations complete with operation_aborted. Never throws.
    void close() {
        std::error_code ignored;
        socket().close(ignored);
    }

private:
    std::shared_ptr<asio::ssl::context> context_;
    std::optional<Tcp::socket> plain_;
    std::optional<asio::ssl::stream<Tcp::socket>> tls_;
};

}  // namespace wagw::wa::transport
