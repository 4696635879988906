#include "tools/wasim/server/client_connection.hpp"

#include <iostream>

#include "backend/wa/binary/frame_payload.hpp"

namespace wagw::wasim {
namespace {
std::atomic<std::uint64_t> next_connection_id{1};
}

ClientConnection::ClientConnection(std::shared_ptr<wa::transport::WebSocketConnection> socket,
                                   const NoiseIdentity& identity, std::shared_ptr<StanzaSink> sink,
                                   TrafficStats& stats)
    : id_(next_connection_id++),
      socket_(std::move(socket)),
      sink_(std::move(sink)),
      stats_(stats),
      responder_(identity.static_key, identity.cert_chain) {}

void ClientConnection::start() {
    stats_.connections_total++;
    stats_.connections_open++;
    std::weak_ptr<ClientConnection> weak = shared_from_this();
    socket_->start({[weak](Bytes message) {
                        if (auto self = weak.lock()) self->on_message(message);
                    },
                    [self = shared_from_this()](const wa::transport::CloseEvent&) {
                        // Holding `self` here keeps the connection alive until the socket is done with it.
                        self->stats_.connections_open--;
                        self->closing_ = true;
                        self->sink_->on_closed(self);
                    }});
}

void ClientConnection::on_message(const Bytes& message) {
    if (black_holed_) return;
    std::vector<Bytes> frames;
    if (auto fed = decoder_.feed(message, frames); !fed) return fail(fed.error());
    for (const auto& frame : frames) {
        if (closing_) return;
        on_frame(frame);
    }
}

void ClientConnection::on_frame(const Bytes& frame) {
    auto send_raw = [&](const Bytes& payload) {
        auto framed = wa::transport::encode_frame(payload);
        if (!framed) return fail(framed.error());
        if (auto sent = socket_->send(std::move(*framed)); !sent) fail(sent.error());
    };
    if (!hello_received_) {
        // The frame decoder only accepts header versions we hold a dictionary for.
        const auto* dictionary = wa::binary::token_dictionary_for_version(decoder_.header_version());
        if (dictionary == nullptr)
            return fail(Error{"unsupported_connection_header", "no token dictionary for the client's header"});
        dictionary_ = dictionary;
        auto reply = responder_.on_client_hello(frame, decoder_.received_header());
        if (!reply) return fail(reply.error());
        hello_received_ = true;
        return send_raw(*reply);
    }
    if (!cipher_) {
        auto done = responder_.on_client_finish(frame);
        if (!done) return fail(done.error());
        cipher_.emplace(std::move(done->cipher));
        if (decoder_.header_version() == 2) hold_sends_after_handshake();
        auto hello = read_client_hello(done->client_payload, done->client_static);
        if (!hello) return fail(hello.error());
        return sink_->on_hello(shared_from_this(), std::move(*hello));
    }
    auto plain = cipher_->decrypt(frame);
    if (!plain) return fail(plain.error());
    auto node = wa::binary::decode_frame_payload(*plain, *dictionary_);
    if (!node) return fail(node.error());
    stats_.stanzas_in++;
    sink_->on_stanza(shared_from_this(), std::move(*node));
}

void ClientConnection::send(wa::binary::Node node) {
    asio::post(socket_->strand(), [self = shared_from_this(), node = std::move(node)] { self->send_on_strand(node); });
}

void ClientConnection::send_on_strand(const wa::binary::Node& node) {
    if (black_holed_ || closing_ || close_after_hold_ || !cipher_) return;
    auto payload = wa::binary::encode_frame_payload(node, *dictionary_);
    if (!payload) return fail(payload.error());
    auto sealed = cipher_->encrypt(*payload);
    if (!sealed) return fail(sealed.error());
    auto framed = wa::transport::encode_frame(*sealed);
    if (!framed) return fail(framed.error());
    stats_.stanzas_out++;
    if (hold_timer_) return held_frames_.push_back(std::move(*framed));
    send_frame(std::move(*framed));
}

void ClientConnection::send_frame(Bytes frame) {
    if (auto sent = socket_->send(std::move(frame)); !sent) fail(sent.error());
}

void ClientConnection::hold_sends_after_handshake() {
    hold_timer_ = std::make_unique<asio::steady_timer>(socket_->strand(), kBaileys6HandshakeGrace);
    hold_timer_->async_wait([self = shared_from_this()](const asio::error_code&) {
        self->hold_timer_.reset();
        auto frames = std::move(self->held_frames_);
        self->held_frames_.clear();
        for (auto& frame : frames) {
            if (self->closing_) return;
            self->send_frame(std::move(frame));
        }
        if (self->close_after_hold_) {
            self->closing_ = true;
            self->socket_->close(wa::transport::close_code::normal, "");
        }
    });
}

void ClientConnection::close_with(wa::binary::Node node) {
    asio::post(socket_->strand(), [self = shared_from_this(), node = std::move(node)] {
        self->send_on_strand(node);
        // Right after a Baileys 6 handshake (a login refused with <failure>), the last frame is held like any
        // other, and the close waits for it: closing now would lose it.
        if (self->hold_timer_) {
            self->close_after_hold_ = true;
            return;
        }
        self->closing_ = true;
        self->socket_->close(wa::transport::close_code::normal, "");
    });
}

void ClientConnection::close() {
    asio::post(socket_->strand(), [self = shared_from_this()] {
        self->closing_ = true;
        self->socket_->close(wa::transport::close_code::normal, "");
    });
}

void ClientConnection::fail(const Error& error) {
    std::cerr << "wasim: connection " << id_ << " from " << socket_->peer() << ": " << error.code << ": "
              << error.message << std::endl;
    closing_ = true;
    socket_->close(wa::transport::close_code::protocol_error, error.code);
}

}  // namespace wagw::wasim
