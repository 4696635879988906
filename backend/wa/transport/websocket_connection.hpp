#pragma once
// One open WebSocket connection (after the HTTP upgrade), in either role. It owns the socket and runs on its own
// strand: reads, writes, timers and user callbacks all happen there, so thousands of connections can share a
// couple of io_context threads without locks around per-connection state.
//
// Writes go through one queue and at most one async_write is in flight, so frames never interleave. The queue is
// bounded: send() fails with "send_queue_full" instead of buffering without limit when the peer stops reading.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "backend/wa/transport/http_upgrade.hpp"
#include "backend/wa/transport/transport_stream.hpp"
#include "backend/wa/transport/websocket_framing.hpp"

namespace wagw::wa::transport {

struct ConnectionLimits {
    // Largest incoming message, reassembled (whatsmeow uses the same read limit).
    std::size_t max_message_size = std::size_t{1} << 24;
    // Largest message we send; zero means max_message_size (a server may accept tiny messages and send big ones).
    std::size_t max_send_size = 0;
    // Bytes of outgoing messages accepted but not yet written to the socket.
    std::size_t max_queued_bytes = std::size_t{64} << 20;
    // Close the connection when nothing at all arrives for this long. Zero disables the check (WhatsApp's own
    // keepalive pings sit above this layer).
    std::chrono::milliseconds idle_timeout{0};
    // How long to wait for the peer to answer our close frame.
    std::chrono::milliseconds close_timeout{5000};
};

// How a connection ended; delivered exactly once.
struct CloseEvent {
    bool clean = false;              // both close frames were exchanged
    bool initiated_locally = false;  // we sent the first close frame (or failed the connection)
    std::uint16_t code = close_code::abnormal;
    std::string reason;
    std::optional<Error> error;  // why the connection failed, when it did not close cleanly
};

struct ConnectionHandlers {
    // A whole (reassembled) message. Text messages are delivered as their bytes too.
    std::function<void(Bytes message)> on_message;
    std::function<void(const CloseEvent& event)> on_close;
};

class WebSocketConnection : public std::enable_shared_from_this<WebSocketConnection> {
public:
    // Made by the client connector or the server listener once the upgrade succeeded. `leftover` holds bytes read
    // past the HTTP head (the peer's first frames may arrive in the same packet).
    WebSocketConnection(Role role, Strand strand, std::unique_ptr<TransportStream> stream, HttpHead handshake,
                        Bytes leftover, ConnectionLimits limits, std::string peer);
    ~WebSocketConnection();
    WebSocketConnection(const WebSocketConnection&) = delete;
    WebSocketConnection& operator=(const WebSocketConnection&) = delete;

    // Starts reading. Nothing is read before this, so handlers never miss a message. Callable from any thread;
    // handlers are invoked on this connection's strand.
    void start(ConnectionHandlers handlers);

    // Queues one message (binary unless told otherwise). Callable from any thread. Fails when the connection is
    // closing/closed, the message is larger than max_message_size, or the send queue is full.
    Status send(Bytes message, Opcode opcode = Opcode::binary);

    // Starts the close handshake. Callable from any thread; on_close follows.
    void close(std::uint16_t code = close_code::normal, std::string reason = {});
    // Closes a peer that fell behind: drops what it has not been sent yet, so the close frame (and its reason)
    // goes out next instead of after a backlog the peer is not reading.
    void close_dropping_backlog(std::uint16_t code, std::string reason);

    bool is_open() const { return state_.load() == State::open; }
    std::size_t queued_bytes() const { return queued_bytes_.load(); }
    const Strand& strand() const { return strand_; }
    Role role() const { return role_; }
    // Server role: the client's upgrade request (target, Origin, ...). Client role: the server's 101 reply.
    const HttpHead& handshake() const { return handshake_; }
    // "address:port" of the other side, for logs.
    const std::string& peer() const { return peer_; }

private:
    enum class State { open, closing, closed };
    struct QueuedFrame {
        Bytes bytes;
        std::size_t message_size;  // counted in queued_bytes_ (0 for control frames)
        bool is_pong = false;
    };

    void read_more();
    void on_read(const std::error_code& ec, std::size_t size);
    void process(ByteView bytes);
    void enqueue(Bytes frame, std::size_t message_size, bool is_data);
    void queue_pong(ByteView ping_payload);
    void arm_close_timer();
    void write_next();
    void send_close_frame(std::uint16_t code, const std::string& reason);
    void fail(std::uint16_t code, Error error);
    void finish_when_written(CloseEvent event);
    void finish(CloseEvent event);
    void watch_idle();
    Bytes encode(Opcode opcode, ByteView payload);

    const Role role_;
    Strand strand_;
    std::unique_ptr<TransportStream> stream_;
    const HttpHead handshake_;
    Bytes leftover_;
    const ConnectionLimits limits_;
    const std::string peer_;

    std::atomic<State> state_{State::open};
    std::atomic<std::size_t> queued_bytes_{0};

    // Strand-only state below.
    ConnectionHandlers handlers_;
    WebSocketReader reader_;
    // Starts small and grows while reads fill it: an idle connection (most of the thousands a gateway or the
    // simulator holds) costs a few KiB instead of a fixed 64 KiB.
    Bytes read_buffer_;
    std::deque<QueuedFrame> write_queue_;
    bool writing_ = false;
    bool started_ = false;
    bool close_sent_ = false;
    bool close_received_ = false;
    bool finished_ = false;
    std::optional<CloseEvent> finish_after_write_;
    CloseEvent peer_close_;  // what the peer's close frame said
    asio::steady_timer idle_timer_;
    asio::steady_timer close_timer_;
    std::chrono::steady_clock::time_point last_activity_;
};

}  // namespace wagw::wa::transport
