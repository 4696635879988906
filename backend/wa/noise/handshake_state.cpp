#include "backend/wa/noise/handshake_state.hpp"

#include "backend/wa/noise/noise_constants.hpp"

namespace wagw::wa::noise {

HandshakeState::HandshakeState(ByteView prologue)
    : h_(kProtocolName), chaining_key_(std::span<const uint8_t, 32>(kProtocolName)) {
    mix_hash(prologue);
}

void HandshakeState::mix_hash(ByteView data) { h_ = sha256(h_, data); }

void HandshakeState::mix_key(ByteView input_key_material) {
    auto [chaining_key, cipher_key] = hkdf_sha256_split(chaining_key_.span(), input_key_material);
    chaining_key_ = chaining_key;
    cipher_key_ = cipher_key;
    nonce_ = 0;
    has_key_ = true;
}

Result<Bytes> HandshakeState::encrypt_and_hash(ByteView plaintext) {
    // Encrypting before the first MixKey would send the plaintext under a public key; no step of XX does it.
    if (!has_key_) return Error{"handshake_state", "encrypt before any key was mixed in"};
    Bytes ciphertext = aes_gcm_seal(cipher_key_, nonce_++, h_, plaintext);
    mix_hash(ciphertext);
    return ciphertext;
}

Result<Bytes> HandshakeState::decrypt_and_hash(ByteView ciphertext) {
    if (!has_key_) return Error{"handshake_state", "decrypt before any key was mixed in"};
    auto plaintext = aes_gcm_open(cipher_key_, nonce_, h_, ciphertext);
    if (!plaintext) return plaintext.error();
    ++nonce_;
    mix_hash(ciphertext);
    return plaintext;
}

TransportCipher HandshakeState::split(Role role) const {
    auto [first, second] = hkdf_sha256_split(chaining_key_.span(), {});
    if (role == Role::initiator) return TransportCipher(first, second);
    return TransportCipher(second, first);
}

Status HandshakeState::mix_dh(const signal::PrivateKey& own, std::span<const uint8_t, 32> peer) {
    auto shared = signal::x25519_agreement(own, peer);
    if (!shared) return shared.error();
    mix_key(shared->span());
    return ok_status();
}

Error handshake_out_of_order(const char* call) {
    return Error{"wrong_state", std::string(call) + " called out of order or after the handshake ended"};
}

}  // namespace wagw::wa::noise
