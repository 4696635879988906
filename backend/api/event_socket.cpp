#include "backend/api/event_socket.hpp"

#include <asio/strand.hpp>
#include <asio/write.hpp>

#include <atomic>
#include <cstdio>

#include "backend/wa/transport/websocket_connection.hpp"

namespace wagw::api {
namespace {

namespace transport = wa::transport;

// 1008: the policy close code; a consumer that stopped reading broke ours.
constexpr std::uint16_t kPolicyViolation = 1008;

std::string peer_of(const asio::ip::tcp::socket& socket) {
    std::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    if (ec) return "unknown peer";
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

void serve(const std::shared_ptr<transport::WebSocketConnection>& connection, EventHub& hub,
           std::string hello_text, std::shared_ptr<void> keep_alive) {
    std::weak_ptr<transport::WebSocketConnection> weak = connection;
    auto subscriber = std::make_shared<std::atomic<EventHub::SubscriberId>>(0);
    auto send_text = [weak, subscriber, &hub](const std::string& text) {
        auto socket = weak.lock();
        if (!socket || !socket->is_open()) return;
        auto sent = socket->send(transport::Bytes(text.begin(), text.end()), transport::Opcode::text);
        if (!sent && sent.error().code == "send_queue_full") {
            std::fprintf(stderr, "wagw: events socket %s dropped: it stopped reading events\n",
                         socket->peer().c_str());
            hub.unsubscribe(subscriber->load());
            socket->close_dropping_backlog(kPolicyViolation, "events not read fast enough; reconnect");
        }
    };
    send_text(hello_text);
    *subscriber = hub.subscribe(send_text);
    connection->start(transport::ConnectionHandlers{
        [](transport::Bytes) {},  // clients have nothing to say; pings are answered below this layer
        [&hub, subscriber, keep_alive = std::move(keep_alive)](const transport::CloseEvent&) mutable {
            hub.unsubscribe(subscriber->load());
            keep_alive.reset();
        },
    });
}

}  // namespace

void run_event_socket(asio::io_context& io, asio::ip::tcp::socket socket, transport::HttpHead request,
                      const std::string& client_key, EventHub& hub, std::string hello_text,
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
        asio::bind_executor(strand, [=, &hub, request = std::move(request), hello_text = std::move(hello_text),
                                     keep_alive = std::move(keep_alive)](const std::error_code& write_error,
                                                                         std::size_t) mutable {
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
            serve(connection, hub, std::move(hello_text), std::move(keep_alive));
        }));
}

}  // namespace wagw::api
