// One connection's life: WebSocket, Noise XX with our ClientPayload, then encrypted binary nodes; and what
// happens when it ends (reconnect with backoff, wipe, or stay down).
#include <asio/post.hpp>

#include "backend/wa/binary/frame_payload.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace wagw::wa::client {
namespace {

DisconnectReason lost(std::string message) {
    return DisconnectReason{DisconnectKind::connection_lost, "", std::move(message)};
}

}  // namespace

void WaClient::open_connection() {
    const std::uint64_t generation = ++generation_;
    phase_ = Phase::connecting;
    logged_in_ = false;

    transport::ClientOptions connect_options;
    connect_options.url = options_.server_url;
    connect_options.tls = options_.tls;
    connect_options.handshake_timeout = options_.handshake_timeout;
    std::weak_ptr<WaClient> weak = weak_from_this();
    transport::connect_websocket(io_, connect_options, [weak, generation](auto result) {
        auto self = weak.lock();
        if (!self) return;
        asio::post(self->strand_, [self, generation, result = std::move(result)]() mutable {
            self->on_socket_ready(generation, std::move(result));
        });
    });
}

void WaClient::on_socket_ready(std::uint64_t generation,
                               Result<std::shared_ptr<transport::WebSocketConnection>> socket) {
    if (generation != generation_) {
        if (socket) (*socket)->close();
        return;
    }
    if (!socket) {
        end_connection(lost("cannot connect to " + options_.server_url + ": " + socket.error().message));
        return;
    }
    socket_ = *socket;
    encoder_.emplace(routing_info_);
    decoder_.emplace(transport::FrameDecoder::Role::client);
    noise_.emplace(device_.noise_key, options_.trust_root);
    cipher_.reset();

    std::weak_ptr<WaClient> weak = weak_from_this();
    socket_->start({
        [weak, generation](transport::Bytes message) {
            if (auto self = weak.lock()) {
                asio::post(self->strand_, [self, generation, message = std::move(message)]() mutable {
                    self->on_socket_message(generation, std::move(message));
                });
            }
        },
        [weak, generation](const transport::CloseEvent& event) {
            if (auto self = weak.lock()) {
                asio::post(self->strand_,
                           [self, generation, event] { self->on_socket_closed(generation, event); });
            }
        },
    });

    auto hello = noise_->client_hello();
    if (!hello) {
        end_connection(
            DisconnectReason{DisconnectKind::handshake_failed, hello.error().code, hello.error().message});
        return;
    }
    phase_ = Phase::handshaking;
    if (auto sent = send_frame(*hello); !sent) {
        end_connection(lost("cannot send the Noise hello: " + sent.error().message));
        return;
    }
    handshake_timer_.expires_after(options_.handshake_timeout);
    handshake_timer_.async_wait([self = shared_from_this(), generation](const std::error_code& ec) {
        if (ec || generation != self->generation_ || self->phase_ != Phase::handshaking) return;
        self->end_connection(lost("the server did not answer the Noise handshake in time"));
    });
}

void WaClient::on_socket_message(std::uint64_t generation, transport::Bytes message) {
    if (generation != generation_ || !decoder_) return;
    std::vector<transport::Bytes> frames;
    if (auto fed = decoder_->feed(message, frames); !fed) {
        end_connection(lost("bad frame from the server: " + fed.error().message));
        return;
    }
    for (auto& frame : frames) {
        on_frame(std::move(frame));
        if (generation != generation_) return;  // the frame ended this connection
    }
}

void WaClient::on_frame(transport::Bytes frame) {
    if (phase_ == Phase::handshaking) {
        on_server_hello(frame);
        return;
    }
    if (phase_ != Phase::open || !cipher_) return;
    auto plain = cipher_->decrypt(frame);
    if (!plain) {
        // A Noise stream cannot resynchronise: start over on a new connection.
        end_connection(lost("cannot decrypt a frame from the server (" + plain.error().code + ")"));
        return;
    }
    auto node = binary::decode_frame_payload(*plain);
    if (!node) return;  // one undecodable stanza does not justify dropping the others
    missed_pings_ = 0;  // anything at all proves the connection alive
    dispatch(*node);
}

void WaClient::on_server_hello(const transport::Bytes& frame) {
    std::string payload;
    if (device_.linked()) {
        auto jid = binary::parse_jid(device_.jid);
        if (!jid) {
            end_connection(
                DisconnectReason{DisconnectKind::handshake_failed, "bad_jid", jid.error().message});
            return;
        }
        auto login = build_login_payload(jid->user, jid->device.value_or(0), options_.payload);
        if (!login) {
            end_connection(DisconnectReason{DisconnectKind::handshake_failed, login.error().code,
                                            login.error().message});
            return;
        }
        payload = std::move(*login);
    } else {
        payload = build_registration_payload(identity_, options_.payload);
    }
    auto finish = noise_->on_server_hello(frame, noise::view_of(payload));
    if (!finish) {
        end_connection(DisconnectReason{DisconnectKind::handshake_failed, finish.error().code,
                                        "Noise handshake failed: " + finish.error().message});
        return;
    }
    handshake_timer_.cancel();
    if (auto sent = send_frame(finish->client_finish); !sent) {
        end_connection(lost("cannot send the Noise finish: " + sent.error().message));
        return;
    }
    cipher_.emplace(std::move(finish->cipher));
    phase_ = Phase::open;
}

Status WaClient::send_frame(const transport::Bytes& payload) {
    if (!socket_ || !encoder_) return Error{"not_connected", "no connection"};
    auto frame = encoder_->encode(payload);
    if (!frame) return frame.error();
    return socket_->send(std::move(*frame));
}

Status WaClient::send_node(const binary::Node& node) {
    if (phase_ != Phase::open || !cipher_) return Error{"not_connected", "not connected to the server"};
    auto payload = binary::encode_frame_payload(node);
    if (!payload) return payload.error();
    auto sealed = cipher_->encrypt(*payload);
    if (!sealed) return sealed.error();
    return send_frame(*sealed);
}

void WaClient::on_socket_closed(std::uint64_t generation, const transport::CloseEvent& event) {
    if (generation != generation_) return;
    std::string why = event.error ? event.error->message : "the server closed the connection";
    if (!event.reason.empty()) why += " (" + event.reason + ")";
    end_connection(lost(why));
}

void WaClient::end_connection(DisconnectReason reason) {
    ++generation_;  // everything still in flight for the old connection is now stale
    phase_ = Phase::idle;
    logged_in_ = false;
    handshake_timer_.cancel();
    keepalive_timer_.cancel();
    qr_timer_.cancel();
    iq_timer_.cancel();
    if (socket_) socket_->close();
    socket_.reset();
    cipher_.reset();
    noise_.reset();
    iqs_.fail_all("the connection ended: " + reason.message);
    message_acks_.fail_all("the connection ended before the server acknowledged the message: " +
                           reason.message);

    if (reason.wipes_credentials() && device_.linked()) {
        finish_logout(std::move(reason));
        return;
    }
    bool retry = running_ && reason.should_reconnect();
    if (!retry && reason.kind != DisconnectKind::user_request) running_ = false;
    if (!retry) fail_sends(Error{"disconnected", "the client stopped before the message was sent: " + reason.message});
    std::chrono::milliseconds delay{0};
    if (retry)
        delay = reason.kind == DisconnectKind::restart_required ? std::chrono::milliseconds(0)
                                                                : backoff_.next_delay();
    emit(Disconnected{reason, retry, delay.count()});
    if (retry) schedule_reconnect(delay);
}

void WaClient::schedule_reconnect(std::chrono::milliseconds delay) {
    reconnect_timer_.expires_after(delay);
    reconnect_timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
        if (ec || !self->running_ || self->phase_ != Phase::idle) return;
        self->open_connection();
    });
}

}  // namespace wagw::wa::client
