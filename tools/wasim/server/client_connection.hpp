#pragma once
// One client socket: the transport connection, the Noise responder, then encrypted WABinary nodes. Everything
// here runs on the WebSocket connection's own strand; decoded nodes go to a StanzaSink, which (in the simulator)
// hops to the simulator's strand. send() and close_with() may be called from any thread.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "backend/wa/binary/node.hpp"
#include "backend/wa/noise/responder.hpp"
#include "backend/wa/transport/frame_codec.hpp"
#include "backend/wa/transport/websocket_connection.hpp"
#include "tools/wasim/server/client_hello.hpp"
#include "tools/wasim/server/traffic_stats.hpp"

namespace wagw::wasim {

class ClientConnection;

// Where a connection's events go. Called on the connection's strand.
class StanzaSink {
public:
    virtual ~StanzaSink() = default;
    virtual void on_hello(std::shared_ptr<ClientConnection> connection, ClientHello hello) = 0;
    virtual void on_stanza(std::shared_ptr<ClientConnection> connection, wa::binary::Node node) = 0;
    virtual void on_closed(std::shared_ptr<ClientConnection> connection) = 0;
};

// The server's Noise identity: its static key and the certificate chain issued for it.
struct NoiseIdentity {
    signal::KeyPair static_key;
    Bytes cert_chain;
};

class ClientConnection : public std::enable_shared_from_this<ClientConnection> {
public:
    ClientConnection(std::shared_ptr<wa::transport::WebSocketConnection> socket, const NoiseIdentity& identity,
                     std::shared_ptr<StanzaSink> sink, TrafficStats& stats);

    void start();
    // Encrypts and queues one node. Dropped when the connection is closing.
    void send(wa::binary::Node node);
    // Sends a last node (a stream error or failure), then closes the socket.
    void close_with(wa::binary::Node node);
    void close();

    std::uint64_t id() const { return id_; }
    const std::string& peer() const { return socket_->peer(); }

private:
    void on_message(const Bytes& message);
    void on_frame(const Bytes& frame);
    void send_on_strand(const wa::binary::Node& node);
    void fail(const Error& error);

    const std::uint64_t id_;
    std::shared_ptr<wa::transport::WebSocketConnection> socket_;
    std::shared_ptr<StanzaSink> sink_;
    TrafficStats& stats_;
    // Strand-only state.
    wa::transport::FrameDecoder decoder_{wa::transport::FrameDecoder::Role::server};
    wa::noise::NoiseResponder responder_;
    bool hello_received_ = false;
    std::optional<wa::noise::TransportCipher> cipher_;
    bool closing_ = false;
};

}  // namespace wagw::wasim
