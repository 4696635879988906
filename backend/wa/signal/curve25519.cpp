#include "backend/wa/signal/curve25519.hpp"

#include <openssl/rand.h>
#include <sodium.h>

#include <cstdlib>

namespace wagw::wa::signal {
namespace {

void ensure_sodium() {
    static const bool initialised = sodium_init() >= 0;
    if (!initialised) std::abort();  // libsodium cannot run at all: nothing below would be safe
}

void clamp(uint8_t* scalar) {
    scalar[0] &= 248;
    scalar[31] &= 127;
    scalar[31] |= 64;
}

}  // namespace

KeyPair KeyPair::generate() {
    PrivateKey secret;
    if (RAND_bytes(secret.data(), 32) != 1) randombytes_buf(secret.data(), 32);
    return from_private(secret.span());
}

KeyPair KeyPair::from_private(std::span<const uint8_t, 32> private_key) {
    ensure_sodium();
    KeyPair pair;
    pair.private_key = PrivateKey(private_key);
    clamp(pair.private_key.data());
    crypto_scalarmult_base(pair.public_key.data(), pair.private_key.data());
    return pair;
}

Result<SharedSecret> x25519_agreement(const PrivateKey& own_private, std::span<const uint8_t, 32> peer_public) {
    ensure_sodium();
    SharedSecret shared;
    if (crypto_scalarmult(shared.data(), own_private.data(), peer_public.data()) != 0) {
        return Error{"bad_public_key", "X25519 with the peer's public key gave a low-order (all-zero) result"};
    }
    return shared;
}

}  // namespace wagw::wa::signal
