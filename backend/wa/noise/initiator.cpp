#include "backend/wa/noise/initiator.hpp"

#include <wa/proto/handshake.pb.h>

#include <chrono>

namespace wagw::wa::noise {

uint64_t system_unix_time() {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

NoiseInitiator::NoiseInitiator(signal::KeyPair noise_static, TrustRoot trust, UnixClock clock)
    : static_(std::move(noise_static)),
      ephemeral_(signal::KeyPair::generate()),
      trust_(trust),
      clock_(std::move(clock)) {}

Result<Bytes> NoiseInitiator::client_hello(ByteView prologue) {
    if (step_ != Step::start) return handshake_out_of_order("client_hello");
    state_ = HandshakeState(prologue);
    state_.mix_hash(ephemeral_.public_key);
    proto::HandshakeMessage message;
    message.mutable_clienthello()->set_ephemeral(ephemeral_.public_key.data(), ephemeral_.public_key.size());
    step_ = Step::hello_sent;
    return to_bytes(message.SerializeAsString());
}

Result<InitiatorFinish> NoiseInitiator::on_server_hello(ByteView frame_payload, ByteView client_payload) {
    if (step_ != Step::hello_sent) return handshake_out_of_order("on_server_hello");
    auto result = process_server_hello(frame_payload, client_payload);
    step_ = result ? Step::finished : Step::failed;  // a failed handshake cannot be resumed
    return result;
}

Result<InitiatorFinish> NoiseInitiator::process_server_hello(ByteView frame_payload, ByteView client_payload) {
    proto::HandshakeMessage message;
    if (!message.ParseFromArray(frame_payload.data(), static_cast<int>(frame_payload.size()))) {
        return Error{"bad_protobuf", "server hello is not a valid HandshakeMessage"};
    }
    const auto& hello = message.serverhello();
    if (!message.has_serverhello() || hello.ephemeral().size() != 32 || !hello.has_static_() || !hello.has_payload()) {
        return Error{"missing_field", "server hello lacks a 32-byte ephemeral, the static or the payload"};
    }
    std::array<uint8_t, 32> server_ephemeral{};
    std::copy(hello.ephemeral().begin(), hello.ephemeral().end(), server_ephemeral.begin());

    state_.mix_hash(server_ephemeral);
    if (auto s = state_.mix_dh(ephemeral_.private_key, server_ephemeral); !s) return s.error();

    auto server_static_bytes = state_.decrypt_and_hash(view_of(hello.static_()));
    if (!server_static_bytes) return server_static_bytes.error();
    if (server_static_bytes->size() != 32) {
        return Error{"invalid_key", "decrypted server static key is not 32 bytes"};
    }
    signal::PublicKey server_static{};
    std::copy(server_static_bytes->begin(), server_static_bytes->end(), server_static.begin());
    if (auto s = state_.mix_dh(ephemeral_.private_key, server_static); !s) return s.error();

    auto cert_chain = state_.decrypt_and_hash(view_of(hello.payload()));
    if (!cert_chain) return cert_chain.error();
    if (auto s = verify_cert_chain(*cert_chain, server_static, trust_, clock_()); !s) return s.error();

    auto encrypted_static = state_.encrypt_and_hash(static_.public_key);
    if (!encrypted_static) return encrypted_static.error();
    if (auto s = state_.mix_dh(static_.private_key, server_ephemeral); !s) return s.error();
    auto encrypted_payload = state_.encrypt_and_hash(client_payload);
    if (!encrypted_payload) return encrypted_payload.error();

    proto::HandshakeMessage finish;
    finish.mutable_clientfinish()->set_static_(encrypted_static->data(), encrypted_static->size());
    finish.mutable_clientfinish()->set_payload(encrypted_payload->data(), encrypted_payload->size());
    return InitiatorFinish{to_bytes(finish.SerializeAsString()), state_.split(HandshakeState::Role::initiator),
                           server_static};
}

}  // namespace wagw::wa::noise
