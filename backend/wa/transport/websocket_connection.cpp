#include "backend/wa/transport/websocket_connection.hpp"

#include <openssl/rand.h>

#include "backend/wa/transport/network_error.hpp"

namespace wagw::wa::transport {

WebSocketConnection::WebSocketConnection(Role role, Strand strand, std::unique_ptr<TransportStream> stream,
                                         HttpHead handshake, Bytes leftover, ConnectionLimits limits,
                                         std::string peer)
    : role_(role),
      strand_(std::move(strand)),
      stream_(std::move(stream)),
      handshake_(std::move(handshake)),
      leftover_(std::move(leftover)),
      limits_(limits),
      peer_(std::move(peer)),
      reader_(role, limits.max_message_size),
      idle_timer_(strand_),
      close_timer_(strand_) {}

WebSocketConnection::~WebSocketConnection() {
    // Only reached when no operation is pending any more; make sure the socket is released.
    stream_->close();
}

void WebSocketConnection::start(ConnectionHandlers handlers) {
    asio::dispatch(strand_, [self = shared_from_this(), handlers = std::move(handlers)]() mutable {
        if (self->started_) return;
        self->started_ = true;
        self->handlers_ = std::move(handlers);
        self->last_activity_ = std::chrono::steady_clock::now();
        self->watch_idle();
        Bytes early = std::move(self->leftover_);
        if (!early.empty()) self->process(early);
        if (!self->finished_) self->read_more();
    });
}

Bytes WebSocketConnection::encode(Opcode opcode, ByteView payload) {
    if (role_ == Role::server) return encode_websocket_frame(opcode, payload, true, nullptr);
    std::uint8_t mask[4];
    RAND_bytes(mask, sizeof mask);  // RFC 6455 5.3: unpredictable per frame
    return encode_websocket_frame(opcode, payload, true, mask);
}

Status WebSocketConnection::send(Bytes message, Opcode opcode) {
    if (state_.load() != State::open)
        return Error{"connection_closed", "cannot send: the WebSocket connection to " + peer_ + " is closed"};
    const std::size_t send_limit = limits_.max_send_size ? limits_.max_send_size : limits_.max_message_size;
    if (message.size() > send_limit)
        return Error{"message_too_large", "cannot send a " + std::to_string(message.size()) +
                                              "-byte message: the limit is " + std::to_string(send_limit) +
                                              " bytes"};
    const std::size_t size = message.size();
    std::size_t queued = queued_bytes_.load();
    do {
        if (queued + size > limits_.max_queued_bytes)
            return Error{"send_queue_full", "send queue to " + peer_ + " already holds " + std::to_string(queued) +
                                                " bytes: the peer is not reading fast enough; retry later"};
    } while (!queued_bytes_.compare_exchange_weak(queued, queued + size));
    Bytes frame = encode(opcode, message);
    // On the strand (e.g. replying from on_message) queue at once, so the reply is ordered before a close frame
    // that the same batch of input may trigger; elsewhere hop onto the strand.
    if (strand_.running_in_this_thread()) {
        enqueue(std::move(frame), size, true);
    } else {
        asio::post(strand_, [self = shared_from_this(), frame = std::move(frame), size]() mutable {
            self->enqueue(std::move(frame), size, true);
        });
    }
    return ok_status();
}

void WebSocketConnection::close(std::uint16_t code, std::string reason) {
    asio::dispatch(strand_, [self = shared_from_this(), code, reason = std::move(reason)] {
        if (self->finished_ || self->close_sent_) return;
        self->send_close_frame(code, reason);
        if (!self->started_) {
            // Nobody reads yet, so no reply could be seen: start reading to complete the handshake.
            self->started_ = true;
            self->read_more();
        }
    });
}

void WebSocketConnection::close_dropping_backlog(std::uint16_t code, std::string reason) {
    asio::dispatch(strand_, [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
        if (self->finished_ || self->close_sent_) return;
        const std::size_t in_flight = self->writing_ ? 1 : 0;
        while (self->write_queue_.size() > in_flight) {
            self->queued_bytes_ -= self->write_queue_.back().message_size;
            self->write_queue_.pop_back();
        }
        // Sends already accepted but still on their way to the strand are dropped by enqueue() once
        // close_sent_ is set.
        self->send_close_frame(code, reason);
    });
}

void WebSocketConnection::arm_close_timer() {
    close_timer_.expires_after(limits_.close_timeout);
    close_timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
        if (ec || self->finished_) return;
        self->finish({false, true, close_code::abnormal, {},
                      timeout_error("waiting for " + self->peer_ + " to answer our close frame")});
    });
}

void WebSocketConnection::send_close_frame(std::uint16_t code, const std::string& reason) {
    close_sent_ = true;
    State expected = State::open;
    state_.compare_exchange_strong(expected, State::closing);
    Bytes payload = code == close_code::no_status ? Bytes{} : make_close_payload(code, reason);
    enqueue(encode(Opcode::close, payload), 0, false);
    // Bounded wait for the reply (or for our frame to leave a stuck socket).
    arm_close_timer();
}

namespace {
constexpr std::size_t kInitialReadBuffer = 2 * 1024;
constexpr std::size_t kMaxReadBuffer = 64 * 1024;
}  // namespace

void WebSocketConnection::read_more() {
    if (read_buffer_.empty()) read_buffer_.resize(kInitialReadBuffer);
    stream_->async_read_some(asio::buffer(read_buffer_),
                             [self = shared_from_this()](const std::error_code& ec, std::size_t size) {
                                 self->on_read(ec, size);
                             });
}

void WebSocketConnection::on_read(const std::error_code& ec, std::size_t size) {
    if (finished_) return;
    if (ec) {
        if (close_sent_ && close_received_) {
            finish(peer_close_);
            return;
        }
        finish({false, false, close_code::abnormal, {},
                network_error(ec, "WebSocket connection to " + peer_ + " ended without a close frame")});
        return;
    }
    last_activity_ = std::chrono::steady_clock::now();
    process(ByteView(read_buffer_.data(), size));
    // A full buffer means more is waiting: read bigger chunks until the burst is over.
    if (size == read_buffer_.size() && read_buffer_.size() < kMaxReadBuffer) read_buffer_.resize(read_buffer_.size() * 2);
    if (!finished_) read_more();
}

void WebSocketConnection::process(ByteView bytes) {
    std::vector<WebSocketEvent> events;
    auto failure = reader_.feed(bytes, events);
    for (auto& event : events) {
        if (finished_) return;
        switch (event.kind) {
            case WebSocketEvent::Kind::message:
                // After a close frame, data is no longer expected (RFC 6455 5.5.1); ignore it.
                if (!close_received_ && handlers_.on_message) handlers_.on_message(std::move(event.payload));
                break;
            case WebSocketEvent::Kind::ping:
                if (!close_sent_) queue_pong(event.payload);
                break;
            case WebSocketEvent::Kind::pong:
                break;
            case WebSocketEvent::Kind::close: {
                if (close_received_) break;
                close_received_ = true;
                bool we_started = close_sent_;
                peer_close_ = {true, we_started, event.close_code, event.close_reason, std::nullopt};
                if (!we_started) send_close_frame(event.close_code, {});
                // When we are already failing the connection (protocol error, idle timeout), that reason stands
                // even if the peer's close reply is read before our close frame's write completes.
                if (!finish_after_write_) finish_when_written(peer_close_);
                return;
            }
        }
    }
    if (failure && !finished_) fail(failure->close_code, failure->error);
}

void WebSocketConnection::fail(std::uint16_t code, Error error) {
    if (!close_sent_) send_close_frame(code, error.code);
    finish_when_written({false, true, code, {}, std::move(error)});
}

void WebSocketConnection::enqueue(Bytes frame, std::size_t message_size, bool is_data) {
    // Data after our close frame would violate the protocol: drop it (the sender was told via is_open()).
    if (finished_ || (close_sent_ && is_data)) {
        queued_bytes_ -= message_size;
        return;
    }
    write_queue_.push_back({std::move(frame), message_size});
    if (!writing_) write_next();
}

// A peer that pings and never reads would otherwise grow the queue by a pong per ping without limit. RFC 6455
// 5.5.3 lets us answer only the latest ping, so at most one unsent pong waits: a newer ping replaces it.
void WebSocketConnection::queue_pong(ByteView ping_payload) {
    Bytes frame = encode(Opcode::pong, ping_payload);
    const std::size_t first_unsent = writing_ ? 1 : 0;
    for (std::size_t i = write_queue_.size(); i > first_unsent; --i) {
        if (write_queue_[i - 1].is_pong) {
            write_queue_[i - 1].bytes = std::move(frame);
            return;
        }
    }
    const std::size_t before = write_queue_.size();
    enqueue(std::move(frame), 0, false);
    if (write_queue_.size() > before) write_queue_.back().is_pong = true;
}

void WebSocketConnection::write_next() {
    writing_ = true;
    stream_->async_write(asio::buffer(write_queue_.front().bytes),
                         [self = shared_from_this()](const std::error_code& ec, std::size_t) {
                             self->queued_bytes_ -= self->write_queue_.front().message_size;
                             self->write_queue_.pop_front();
                             self->writing_ = false;
                             if (self->finished_) return;
                             if (ec) {
                                 self->finish({false, false, close_code::abnormal, {},
                                               network_error(ec, "writing to " + self->peer_)});
                                 return;
                             }
                             if (!self->write_queue_.empty()) {
                                 self->write_next();
                             } else if (self->finish_after_write_) {
                                 self->finish(std::move(*self->finish_after_write_));
                             }
                         });
}

void WebSocketConnection::finish_when_written(CloseEvent event) {
    if (writing_ || !write_queue_.empty())
        finish_after_write_ = std::move(event);
    else
        finish(std::move(event));
}

void WebSocketConnection::finish(CloseEvent event) {
    if (finished_) return;
    finished_ = true;
    state_ = State::closed;
    idle_timer_.cancel();
    close_timer_.cancel();
    // A polite TCP shutdown: the peer sees FIN, not RST. After the close handshake the WebSocket stream has ended
    // by itself, so we do not wait for a TLS close_notify (RFC 6455 7.1.1 leaves TCP teardown to the server, and
    // both sides tolerate either order).
    std::error_code ignored;
    stream_->socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_->close();
    // The frame being written (if any) is released by its completion handler.
    const std::size_t in_flight = writing_ ? 1 : 0;
    while (write_queue_.size() > in_flight) {
        queued_bytes_ -= write_queue_.back().message_size;
        write_queue_.pop_back();
    }
    auto on_close = std::move(handlers_.on_close);
    handlers_ = {};
    if (on_close) on_close(event);
}

void WebSocketConnection::watch_idle() {
    if (limits_.idle_timeout.count() <= 0 || finished_) return;
    auto deadline = last_activity_ + limits_.idle_timeout;
    idle_timer_.expires_at(deadline);
    idle_timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
        if (ec || self->finished_) return;
        // Activity since the timer was armed pushes the deadline out instead of re-arming on every read.
        if (std::chrono::steady_clock::now() < self->last_activity_ + self->limits_.idle_timeout) {
            self->watch_idle();
            return;
        }
        self->fail(close_code::going_away,
                   timeout_error("WebSocket connection to " + self->peer_ + ": nothing received for " +
                                 std::to_string(self->limits_.idle_timeout.count()) + " ms"));
    });
}

}  // namespace wagw::wa::transport
