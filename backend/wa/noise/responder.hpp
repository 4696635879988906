#pragma once
// The server side of WhatsApp's Noise XX handshake (used by the simulator), over byte buffers only:
//
//   NoiseResponder server(server_static_key_pair, cert_chain_bytes);   // chain from CertificateAuthority
//   auto server_hello = server.on_client_hello(first_frame, header);   // send as the reply frame
//   auto done = server.on_client_finish(next_frame);
//   done->client_static, done->client_payload (a parsed-and-checked ClientPayload, raw bytes kept),
//   done->cipher for all later frames (writes with the second split key, reads with the first).
//
// `first_frame` is the first frame's payload with the connection header (and any "ED" routing prefix) already
// stripped by the transport layer; `header` is that stripped header ("WA" 6 3, or "WA" 6 2 from Baileys 6,
// see FrameDecoder::received_header()), which is the Noise prologue: a responder that mixed another one
// cannot decrypt the client's finish. Calls out of order give "wrong_state".
#include "common/util/result.hpp"
#include "backend/wa/noise/bytes.hpp"
#include "backend/wa/noise/handshake_state.hpp"
#include "backend/wa/noise/transport_cipher.hpp"
#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wa::noise {

struct ResponderFinish {
    signal::PublicKey client_static;  // the client's long-term Noise key: identifies a paired device
    Bytes client_payload;             // serialized ClientPayload, verified to parse
    TransportCipher cipher;
};

class NoiseResponder {
public:
    NoiseResponder(signal::KeyPair server_static, Bytes cert_chain);

    Result<Bytes> on_client_hello(ByteView frame_payload, ByteView prologue = kWaConnectionHeader);
    Result<ResponderFinish> on_client_finish(ByteView frame_payload);

private:
    enum class Step { start, hello_sent, finished, failed };
    Result<Bytes> process_client_hello(ByteView frame_payload, ByteView prologue);
    Result<ResponderFinish> process_client_finish(ByteView frame_payload);

    signal::KeyPair static_;
    signal::KeyPair ephemeral_;
    Bytes cert_chain_;
    HandshakeState state_;
    Step step_ = Step::start;
};

}  // namespace wagw::wa::noise
