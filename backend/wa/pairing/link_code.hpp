#pragma once
// Link-code ("pairing code") pairing crypto, both sides (protocol.md §5.2). The 8-character code the user types on
// the phone protects each side's ephemeral key; the two ephemeral keys and the two identity keys then give both
// sides the same ADV secret, which keys the pair-success HMAC exactly as in QR pairing (adv_identity.hpp).
//
//   companion                                   phone
//   wrap_link_code_key(code, companion eph)  -> unwrap_link_code_key(code, ..)
//   unwrap_link_code_key(code, ..)           <- wrap_link_code_key(code, primary eph)
//   seal_link_code_bundle(...)               -> open_link_code_bundle(...)
//     -> bundle + ADV secret                      -> the same ADV secret, or "bad_key_bundle"
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"
#include "backend/wa/pairing/qr_code.hpp"
#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wa::pairing {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline constexpr std::string_view kLinkCodeAlphabet = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";
inline constexpr std::size_t kWrappedKeySize = 80;  // salt(32) || iv(16) || AES-256-CTR(key)(32)

// The code without its optional dash, upper-cased; error "invalid_link_code" unless 8 alphabet characters.
Result<std::string> normalize_link_code(std::string_view code);
// A fresh random code (5 random bytes, 5 bits per character).
std::string make_link_code();

// PBKDF2-HMAC-SHA256(code, salt, 131072 iterations) keys AES-256-CTR over the ephemeral public key.
Result<Bytes> wrap_link_code_key(std::string_view code, const signal::PublicKey& ephemeral_public);
// Any code "unwraps" (CTR has no tag); a wrong code shows up later as "bad_key_bundle".
Result<signal::PublicKey> unwrap_link_code_key(std::string_view code, ByteView wrapped);

struct SealedLinkCodeBundle {
    Bytes wrapped_key_bundle;  // salt(32) || nonce(12) || AES-256-GCM(companion identity || primary identity || random)
    AdvSecret adv_secret{};
};

// Companion side: after unwrapping the phone's ephemeral key.
Result<SealedLinkCodeBundle> seal_link_code_bundle(const signal::KeyPair& companion_ephemeral,
                                                   const signal::PublicKey& primary_ephemeral,
                                                   const signal::KeyPair& companion_identity,
                                                   const signal::PublicKey& primary_identity);
// The same, for a companion whose identity private key stays in its Signal store: the caller passes
// X25519(companion identity private, primary identity) (SignalAccount::agree_with_identity).
Result<SealedLinkCodeBundle> seal_link_code_bundle(const signal::KeyPair& companion_ephemeral,
                                                   const signal::PublicKey& primary_ephemeral,
                                                   const signal::PublicKey& companion_identity,
                                                   const signal::PublicKey& primary_identity,
                                                   const signal::SharedSecret& identity_agreement);

// Phone side: opens the bundle, checks that it names both identities, and derives the ADV secret. Errors:
// "bad_key_bundle" (wrong code or tampered), "identity_mismatch".
Result<AdvSecret> open_link_code_bundle(const signal::KeyPair& primary_ephemeral,
                                        const signal::PublicKey& companion_ephemeral,
                                        const signal::KeyPair& primary_identity,
                                        const signal::PublicKey& companion_identity, ByteView wrapped_key_bundle);

}  // namespace wagw::wa::pairing
