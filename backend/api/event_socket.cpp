#include "backend/api/event_socket.hpp"

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/write.hpp>

#include <cstdio>
#include <deque>
#include <mutex>

#include "backend/wa/transport/websocket_connection.hpp"

namespace wagw::api {
namespace {

namespace transport = wa::transport;

// 1008: the policy close code; a consumer that stopped reading broke ours. 1011: we failed.
constexpr std::uint16_t kPolicyViolation = 1008;
constexpr std::uint16_t kInternalError = 1011;

std::string peer_of(const asio::ip::tcp::socket& socket) {
    std::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    if (ec) return "unknown peer";
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

// One consumer's stream: the replay from the log (in pages, paced by the socket's send queue), then live
// events. Live events that arrive during the replay are held and sent after it, skipping the ids the replay
// already covered: the subscription starts before the first page is read, and the log hands every event to
// the hub only after storing it, so each event is either in a page read later or held, or both.
class EventStream : public std::enable_shared_from_this<EventStream> {
public:
    EventStream(std::shared_ptr<transport::WebSocketConnection> connection, EventHub& hub,
                services::EventLog* log, EventSubscription subscription, EventSocketLimits limits)
        : connection_(connection),
          hub_(hub),
          log_(log),
          subscription_(std::move(subscription)),
          limits_(limits),
          timer_(connection->strand()) {}

    void start(const std::string& hello_text, std::shared_ptr<void> keep_alive) {
        auto connection = connection_.lock();
        if (!connection) return;
        send(hello_text);
        const bool replay = log_ && subscription_.since;
        live_ = !replay;
        std::weak_ptr<EventStream> weak = weak_from_this();
        subscriber_ = hub_.subscribe(subscription_.filter,
                                     [weak](const model::EventEnvelope& event, const std::string& text) {
                                         if (auto self = weak.lock()) self->on_live(event.id, text);
                                     });
        connection->start(transport::ConnectionHandlers{
            [](transport::Bytes) {},  // clients have nothing to say; pings are answered below this layer
            [self = shared_from_this(),
             keep_alive = std::move(keep_alive)](const transport::CloseEvent&) mutable {
                self->hub_.unsubscribe(self->subscriber_);
                self->timer_.cancel();
                keep_alive.reset();
            },
        });
        if (replay) {
            cursor_ = *subscription_.since;
            announce_gap();
            asio::post(connection->strand(), [self = shared_from_this()] { self->replay_page(); });
        }
    }

private:
    // Sends one text message; false (and the socket is being closed) when the consumer fell too far behind.
    bool send(const std::string& text) {
        auto socket = connection_.lock();
        if (!socket || !socket->is_open()) return false;
        auto sent = socket->send(transport::Bytes(text.begin(), text.end()), transport::Opcode::text);
        if (!sent && sent.error().code == "send_queue_full") {
            drop("events not read fast enough; reconnect");
            return false;
        }
        return sent.ok();
    }

    void drop(const std::string& reason) {
        auto socket = connection_.lock();
        if (!socket) return;
        std::fprintf(stderr, "wagw: events socket %s dropped: %s\n", socket->peer().c_str(), reason.c_str());
        hub_.unsubscribe(subscriber_);
        socket->close_dropping_backlog(kPolicyViolation, reason);
    }

    void on_live(std::uint64_t id, const std::string& text) {
        std::lock_guard lock(mutex_);
        if (live_) {
            send(text);
            return;
        }
        if (held_.size() >= limits_.max_held_live_events) {
            held_.clear();
            live_ = true;  // nothing more is held or sent: the socket is closing
            drop("too many events while replaying; reconnect with a later since");
            return;
        }
        held_.emplace_back(id, text);
    }

    // Events after `since` that are no longer kept are lost to this consumer: say so before the replay.
    void announce_gap() {
        auto bounds = log_->bounds();
        if (!bounds) return;
        const std::uint64_t since = *subscription_.since;
        const bool pruned =
            bounds->oldest_kept == 0 ? since < bounds->last_id : since + 1 < bounds->oldest_kept;
        if (!pruned) return;
        model::EventEnvelope gap{
            model::kEventsGapType,
            unix_time_ms(),
            {{"since", since},
             {"oldest_kept",
              bounds->oldest_kept == 0 ? nlohmann::json(nullptr) : nlohmann::json(bounds->oldest_kept)},
             {"message",
              "events after since were pruned from the log before this "
              "replay; the replay starts at the oldest event still kept"}}};
        send(model::to_json(gap).dump());
    }

    // On the connection's strand, one page at a time, so a long replay never holds a thread or the log.
    void replay_page() {
        auto socket = connection_.lock();
        if (!socket || !socket->is_open()) return;
        // Let the socket drain before queueing more: a replay is paced by the consumer, not dropped.
        if (socket->queued_bytes() > limits_.max_queued_bytes / 2) {
            timer_.expires_after(std::chrono::milliseconds(5));
            timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
                if (!ec) self->replay_page();
            });
            return;
        }
        auto page = log_->read_after(cursor_, subscription_.filter);
        if (!page) {
            std::fprintf(stderr, "wagw: events replay failed: %s\n", page.error().message.c_str());
            socket->close(kInternalError, "the event log could not be read");
            return;
        }
        for (const auto& event : page->events) {
            if (!send(model::to_json(event).dump())) return;
        }
        cursor_ = page->scanned_to;
        if (!page->end) {
            asio::post(socket->strand(), [self = shared_from_this()] { self->replay_page(); });
            return;
        }
        std::lock_guard lock(mutex_);
        for (const auto& [id, text] : held_) {
            // Id 0: an event the log could not store, so no page had it.
            if (id == 0 || id > cursor_) send(text);
        }
        held_.clear();
        live_ = true;
    }

    std::weak_ptr<transport::WebSocketConnection> connection_;
    EventHub& hub_;
    services::EventLog* log_;
    const EventSubscription subscription_;
    const EventSocketLimits limits_;
    asio::steady_timer timer_;
    EventHub::SubscriberId subscriber_ = 0;
    std::uint64_t cursor_ = 0;  // strand-only: the last id the replay looked at
    // Guards the switch from replaying to live, against the hub's sends from other threads.
    std::mutex mutex_;
    bool live_ = false;
    std::deque<std::pair<std::uint64_t, std::string>> held_;
};

}  // namespace

void run_event_socket(asio::io_context& io, asio::ip::tcp::socket socket, transport::HttpHead request,
                      const std::string& client_key, EventHub& hub, services::EventLog* log,
                      EventSubscription subscription, std::string hello_text,
                      std::shared_ptr<void> keep_alive, EventSocketLimits limits) {
    // Every later operation runs on this strand: the connection's state is strand-only.
    auto strand = asio::make_strand(io);
    std::error_code ec;
    const auto protocol = socket.local_endpoint(ec).protocol();
    if (ec) return;
    auto on_strand = std::make_shared<asio::ip::tcp::socket>(strand);
    on_strand->assign(protocol, socket.release(ec), ec);
    if (ec) return;
    auto reply = std::make_shared<std::string>(transport::build_upgrade_response(client_key));
    asio::async_write(
        *on_strand, asio::buffer(*reply),
        asio::bind_executor(
            strand, [=, &hub, request = std::move(request), hello_text = std::move(hello_text),
                     subscription = std::move(subscription), keep_alive = std::move(keep_alive)](
                        const std::error_code& write_error, std::size_t) mutable {
                (void)reply;
                if (write_error) return;
                const std::string peer = peer_of(*on_strand);
                transport::ConnectionLimits connection_limits;
                connection_limits.max_message_size = limits.max_client_message;
                connection_limits.max_send_size = limits.max_queued_bytes;
                connection_limits.max_queued_bytes = limits.max_queued_bytes;
                auto connection = std::make_shared<transport::WebSocketConnection>(
                    transport::Role::server, strand,
                    std::make_unique<transport::TransportStream>(std::move(*on_strand)), std::move(request),
                    transport::Bytes{}, connection_limits, peer);
                auto stream =
                    std::make_shared<EventStream>(connection, hub, log, std::move(subscription), limits);
                stream->start(hello_text, std::move(keep_alive));
            }));
}

}  // namespace wagw::api
