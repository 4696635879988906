#include "backend/wa/noise/responder.hpp"

#include <wa/proto/client_payload.pb.h>
#include <wa/proto/handshake.pb.h>

namespace wagw::wa::noise {

NoiseResponder::NoiseResponder(signal::KeyPair server_static, Bytes cert_chain)
    : static_(std::move(server_static)), ephemeral_(signal::KeyPair::generate()), cert_chain_(std::move(cert_chain)) {}

Result<Bytes> NoiseResponder::on_client_hello(ByteView frame_payload, ByteView prologue) {
    if (step_ != Step::start) return handshake_out_of_order("on_client_hello");
    auto result = process_client_hello(frame_payload, prologue);
    step_ = result ? Step::hello_sent : Step::failed;
    return result;
}

Result<ResponderFinish> NoiseResponder::on_client_finish(ByteView frame_payload) {
    if (step_ != Step::hello_sent) return handshake_out_of_order("on_client_finish");
    auto result = process_client_finish(frame_payload);
    step_ = result ? Step::finished : Step::failed;
    return result;
}

Result<Bytes> NoiseResponder::process_client_hello(ByteView frame_payload, ByteView prologue) {
    proto::HandshakeMessage message;
    if (!message.ParseFromArray(frame_payload.data(), static_cast<int>(frame_payload.size()))) {
        return Error{"bad_protobuf", "client hello is not a valid HandshakeMessage"};
    }
    if (!message.has_clienthello() || message.clienthello().ephemeral().size() != 32) {
        return Error{"missing_field", "client hello lacks a 32-byte ephemeral key"};
    }
    std::array<uint8_t, 32> client_ephemeral{};
    std::copy(message.clienthello().ephemeral().begin(), message.clienthello().ephemeral().end(),
              client_ephemeral.begin());

    // Only now is the prologue known: it arrived with this first frame.
    state_ = HandshakeState(prologue);
    state_.mix_hash(client_ephemeral);
    state_.mix_hash(ephemeral_.public_key);
    if (auto s = state_.mix_dh(ephemeral_.private_key, client_ephemeral); !s) return s.error();
    auto encrypted_static = state_.encrypt_and_hash(static_.public_key);
    if (!encrypted_static) return encrypted_static.error();
    if (auto s = state_.mix_dh(static_.private_key, client_ephemeral); !s) return s.error();
    auto encrypted_chain = state_.encrypt_and_hash(cert_chain_);
    if (!encrypted_chain) return encrypted_chain.error();

    proto::HandshakeMessage reply;
    auto* hello = reply.mutable_serverhello();
    hello->set_ephemeral(ephemeral_.public_key.data(), ephemeral_.public_key.size());
    hello->set_static_(encrypted_static->data(), encrypted_static->size());
    hello->set_payload(encrypted_chain->data(), encrypted_chain->size());
    return to_bytes(reply.SerializeAsString());
}

Result<ResponderFinish> NoiseResponder::process_client_finish(ByteView frame_payload) {
    proto::HandshakeMessage message;
    if (!message.ParseFromArray(frame_payload.data(), static_cast<int>(frame_payload.size()))) {
        return Error{"bad_protobuf", "client finish is not a valid HandshakeMessage"};
    }
    const auto& finish = message.clientfinish();
    if (!message.has_clientfinish() || !finish.has_static_() || !finish.has_payload()) {
        return Error{"missing_field", "client finish lacks the static key or the payload"};
    }
    auto client_static_bytes = state_.decrypt_and_hash(view_of(finish.static_()));
    if (!client_static_bytes) return client_static_bytes.error();
    if (client_static_bytes->size() != 32) return Error{"invalid_key", "decrypted client static key is not 32 bytes"};
    signal::PublicKey client_static{};
    std::copy(client_static_bytes->begin(), client_static_bytes->end(), client_static.begin());
    if (auto s = state_.mix_dh(ephemeral_.private_key, client_static); !s) return s.error();

    auto payload = state_.decrypt_and_hash(view_of(finish.payload()));
    if (!payload) return payload.error();
    proto::ClientPayload parsed;
    if (!parsed.ParseFromArray(payload->data(), static_cast<int>(payload->size()))) {
        return Error{"bad_protobuf", "client payload is not a valid ClientPayload"};
    }
    return ResponderFinish{client_static, std::move(*payload), state_.split(HandshakeState::Role::responder)};
}

}  // namespace wagw::wa::noise
