#pragma once
// ADV ("account device verification"): how a primary phone vouches for a new companion device, and how the
// companion checks it (protocol.md §5.1 steps 5-7, §12). Both sides live here so they cannot drift apart:
//
//   phone (simulator)                                   companion (our client)
//   sign_companion_identity(account key, companion      verify_pair_success_identity(<device-identity> bytes,
//       identity, adv secret, details)                      adv secret, own identity)      HMAC + account sig
//     -> ADVSignedDeviceIdentityHMAC bytes for          add_device_signature(verified, own identity key pair)
//        <pair-success><device-identity>                encode_signed_device_identity(.., false)
//                                                         -> bytes for <pair-device-sign><device-identity>
//   verify_device_signature(those bytes, account key,
//       companion identity)                             encode_signed_device_identity(.., true)
//                                                         -> bytes for <device-identity> in messages
//
// Signature inputs (XEdDSA, 32-byte keys):
//   HMAC-SHA256(adv secret, [06 05 if hosted account] || ADVSignedDeviceIdentity bytes)
//   account signature by the phone's identity key over [06 00 | 06 05 if hosted device] || details || companion
//   device signature by the companion's identity key over 06 01 || details || companion || account key
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/util/result.hpp"
#include "backend/wa/pairing/qr_code.hpp"
#include "backend/wa/signal/curve25519.hpp"
#include "backend/wa/signal/xeddsa.hpp"

namespace wagw::wa::pairing {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline constexpr std::array<std::uint8_t, 2> kAccountSignaturePrefix{6, 0};
inline constexpr std::array<std::uint8_t, 2> kDeviceSignaturePrefix{6, 1};
inline constexpr std::array<std::uint8_t, 2> kHostedAccountPrefix{6, 5};

// ADVDeviceIdentity: what the phone says about the new device.
struct DeviceIdentityDetails {
    std::uint32_t raw_id = 0;     // the account's ADV raw id (opaque to clients)
    std::uint64_t timestamp = 0;  // unix seconds
    std::uint32_t key_index = 0;  // must be non-zero for companions (Baileys drops devices with key-index 0)
    bool hosted_device = false;   // deviceType HOSTED: the account signature uses the 06 05 prefix
};

// ADVSignedDeviceIdentity, with `details` kept as the exact bytes that were signed.
struct SignedDeviceIdentity {
    Bytes details;                                        // serialized ADVDeviceIdentity
    std::optional<signal::PublicKey> account_signature_key;  // the phone's identity key
    Bytes account_signature;                              // 64 bytes
    Bytes device_signature;                               // 64 bytes once the companion signed, else empty
};

// A pair-success identity that passed the companion-side checks.
struct VerifiedDeviceIdentity {
    SignedDeviceIdentity signed_identity;  // account_signature_key is always set here
    DeviceIdentityDetails details;
};

Bytes encode_signed_device_identity(const SignedDeviceIdentity& identity, bool include_account_key);
// Error "bad_protobuf"; also "invalid_key" for an account key that is not 32 (or 33 with 05) bytes.
Result<SignedDeviceIdentity> decode_signed_device_identity(ByteView bytes);
Result<DeviceIdentityDetails> decode_device_identity_details(ByteView details);

// Phone side: the ADVSignedDeviceIdentityHMAC bytes for <pair-success><device-identity key-index=N>.
Result<Bytes> sign_companion_identity(const signal::KeyPair& account_identity,
                                      const signal::PublicKey& companion_identity, const AdvSecret& adv_secret,
                                      const DeviceIdentityDetails& details);

// Companion side: checks the HMAC (error "hmac_mismatch") and the account signature ("signature_mismatch"), as
// whatsmeow does (Baileys' own account check is a no-op, see protocol.md §13.2).
Result<VerifiedDeviceIdentity> verify_pair_success_identity(ByteView hmac_container, const AdvSecret& adv_secret,
                                                            const signal::PublicKey& companion_identity);

// Companion side, when the identity private key lives elsewhere (e.g. inside a Signal store that signs for us):
// the exact bytes to XEdDSA-sign as the device signature (06 01 || details || companion || account key). Error
// "missing_field" without an account signature key.
Result<Bytes> device_signature_input(const SignedDeviceIdentity& identity,
                                     const signal::PublicKey& companion_identity);

// Companion side: fills in device_signature with the companion's identity key.
Status add_device_signature(VerifiedDeviceIdentity& identity, const signal::KeyPair& companion_identity);

// Phone/server side: checks what came back in <pair-device-sign><device-identity> (which omits the account key,
// so the caller supplies it): the account signature is still ours ("signature_mismatch") and the device
// signature was made by the companion's identity key ("device_signature_mismatch").
Result<VerifiedDeviceIdentity> verify_device_signature(ByteView signed_identity_bytes,
                                                       const signal::PublicKey& account_key,
                                                       const signal::PublicKey& companion_identity);

}  // namespace wagw::wa::pairing
