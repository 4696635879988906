#pragma once
// Noise's symmetric state as WhatsApp runs it (protocol.md §2.1): running hash h, chaining key ck, and a
// cipher key whose nonce counter restarts at 0 on every MixKey. Both handshake roles drive one of these
// through the same sequence of calls; initiator.cpp and responder.cpp say which call comes when.
#include "common/util/result.hpp"
#include "backend/wa/noise/bytes.hpp"
#include "backend/wa/noise/noise_constants.hpp"
#include "backend/wa/noise/primitives.hpp"
#include "backend/wa/noise/transport_cipher.hpp"
#include "backend/wa/signal/curve25519.hpp"

#include <cstdint>
#include <span>

namespace wagw::wa::noise {

// The error both roles give for a call made out of order or after the handshake ended.
Error handshake_out_of_order(const char* call);

class HandshakeState {
public:
    // h = ck = the 32-byte protocol name; then MixHash(prologue). The prologue is the connection header the
    // client sent: "WA" 6 3, or "WA" 6 2 from Baileys 6. Both sides must mix the same one.
    explicit HandshakeState(ByteView prologue = kWaConnectionHeader);

    void mix_hash(ByteView data);
    // (ck, k) = HKDF(salt = ck, ikm = Diffie-Hellman output); nonce counter back to 0.
    void mix_key(ByteView input_key_material);
    // MixKey(DH(own, peer)). An all-zero (low-order) agreement ends the handshake with an error.
    Status mix_dh(const signal::PrivateKey& own, std::span<const uint8_t, 32> peer);
    // AES-GCM under k with AAD = h, then MixHash(ciphertext).
    Result<Bytes> encrypt_and_hash(ByteView plaintext);
    // Mirror of encrypt_and_hash; h only absorbs the ciphertext when the tag verified.
    Result<Bytes> decrypt_and_hash(ByteView ciphertext);

    enum class Role { initiator, responder };
    // HKDF(salt = ck, ikm = empty) -> (k1, k2): the initiator writes with k1 and reads with k2.
    TransportCipher split(Role role) const;

    const Hash& handshake_hash() const { return h_; }

private:
    Hash h_{};
    Key chaining_key_;
    Key cipher_key_;
    uint32_t nonce_ = 0;
    bool has_key_ = false;
};

}  // namespace wagw::wa::noise
