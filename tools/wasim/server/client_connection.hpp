#pragma once
// One client socket: the transport connection, the Noise responder, then encrypted WABinary nodes. The client's
// connection header picks the Noise prologue and the token dictionary for the whole connection ("WA" 6 3, or
// "WA" 6 2 from Baileys 6, whose nodes use the version 2 dictionary). Everything
// here runs on the WebSocket connection's own strand; decoded nodes go to a StanzaSink, which (in the simulator)
// hops to the simulator's strand. send() and close_with() may be called from any thread.
#include <asio/steady_timer.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "backend/wa/binary/node.hpp"
#include "backend/wa/binary/token_table.hpp"
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
    // Fault injection: from now on nothing is read from or written to this connection, and the socket stays
    // open, the way a link dies behind a NAT or a dead phone network: only the client's keepalive notices.
    void black_hole() { black_holed_ = true; }

    std::uint64_t id() const { return id_; }
    const std::string& peer() const { return socket_->peer(); }

private:
    void on_message(const Bytes& message);
    void on_frame(const Bytes& frame);
    void send_on_strand(const wa::binary::Node& node);
    void send_frame(Bytes frame);
    void hold_sends_after_handshake();
    void fail(const Error& error);

    std::atomic<bool> black_holed_{false};
    const std::uint64_t id_;
    std::shared_ptr<wa::transport::WebSocketConnection> socket_;
    std::shared_ptr<StanzaSink> sink_;
    TrafficStats& stats_;
    // Strand-only state.
    wa::transport::FrameDecoder decoder_{wa::transport::FrameDecoder::Role::server};
    wa::noise::NoiseResponder responder_;
    bool hello_received_ = false;
    std::optional<wa::noise::TransportCipher> cipher_;
    // Chosen from the header with the first frame; version 3 until then (nothing is encoded before it).
    const wa::binary::TokenDictionary* dictionary_ = &wa::binary::token_dictionary_v3();
    // Baileys 6 does not await its last handshake step (noise.finishInit() computes the transport keys
    // asynchronously after clientFinish is written), so a frame that reaches it within the same few event-loop
    // turns is read with the handshake keys and its session dies on a GCM error. A real server is at least one
    // network round trip away; on loopback we are not. For header version 2 connections, frames sent right
    // after the handshake are therefore held (already encrypted, in order) for one short simulated round trip.
    static constexpr std::chrono::milliseconds kBaileys6HandshakeGrace{50};
    std::unique_ptr<asio::steady_timer> hold_timer_;  // only while holding
    std::vector<Bytes> held_frames_;
    bool close_after_hold_ = false;  // close_with() during the hold: close once the held frames are out
    bool closing_ = false;
};

}  // namespace wagw::wasim
