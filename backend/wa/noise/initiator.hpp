#pragma once
// The client side of WhatsApp's Noise XX handshake, over byte buffers only (no sockets):
//
//   NoiseInitiator client(noise_static_key_pair);            // trust root defaults to WhatsApp's
//   Bytes hello = *client.client_hello();                    // send as the first frame (after "WA" 6 3)
//                                                            // (client_hello(prologue) for another header)
//   auto done = client.on_server_hello(frame, client_payload_bytes);   // frame = next frame's payload
//   if (!done) -> close; done->client_finish is the next frame to send;
//   done->cipher encrypts every later frame and decrypts every frame received afterwards.
//
// Frame payloads are the bytes between 3-byte length headers; framing and the connection header belong to
// the transport layer. Each method may be called once, in this order; anything else is a "wrong_state" error.
#include "common/util/result.hpp"
#include "backend/wa/noise/bytes.hpp"
#include "backend/wa/noise/cert_chain.hpp"
#include "backend/wa/noise/handshake_state.hpp"
#include "backend/wa/noise/transport_cipher.hpp"
#include "backend/wa/signal/curve25519.hpp"

#include <cstdint>
#include <functional>

namespace wagw::wa::noise {

using UnixClock = std::function<uint64_t()>;
uint64_t system_unix_time();

struct InitiatorFinish {
    Bytes client_finish;              // HandshakeMessage{clientFinish}: send as the third frame
    TransportCipher cipher;           // writes with the first split key, reads with the second
    signal::PublicKey server_static;  // authenticated by the certificate chain
};

class NoiseInitiator {
public:
    explicit NoiseInitiator(signal::KeyPair noise_static, TrustRoot trust = {}, UnixClock clock = system_unix_time);

    // `prologue` is the connection header the transport sends before this frame; ours is always "WA" 6 3.
    Result<Bytes> client_hello(ByteView prologue = kWaConnectionHeader);
    // Decrypts the server static and the certificate chain, verifies the chain against the trust root, then
    // encrypts our static key and `client_payload` (a serialized ClientPayload) into clientFinish.
    Result<InitiatorFinish> on_server_hello(ByteView frame_payload, ByteView client_payload);

private:
    enum class Step { start, hello_sent, finished, failed };
    Result<InitiatorFinish> process_server_hello(ByteView frame_payload, ByteView client_payload);

    signal::KeyPair static_;
    signal::KeyPair ephemeral_;
    TrustRoot trust_;
    UnixClock clock_;
    HandshakeState state_;
    Step step_ = Step::start;
};

}  // namespace wagw::wa::noise
