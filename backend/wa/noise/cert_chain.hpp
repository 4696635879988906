#pragma once
// The server certificate chain sent inside ServerHello (protocol.md §2.4):
//   root key (trusted, serial 0) --XEdDSA--> intermediate.details --XEdDSA by intermediate.key--> leaf.details
// and leaf.key must be the server's Noise static key. The client checks exactly what whatsmeow checks, in the
// same order; the simulator issues such chains from its own root.
#include "common/util/result.hpp"
#include "backend/wa/noise/bytes.hpp"
#include "backend/wa/noise/noise_constants.hpp"
#include "backend/wa/signal/curve25519.hpp"

#include <array>
#include <cstdint>

namespace wagw::wa::noise {

// What the client trusts. Default: WhatsApp's production root. A test or simulator setup passes its own.
struct TrustRoot {
    signal::PublicKey public_key = kWhatsAppRootPublicKey;
    uint32_t serial = kWhatsAppRootSerial;
};

// Verifies `chain_bytes` (a serialized CertChain) at unix time `now`. Error codes:
//   bad_protobuf, missing_field, invalid_signature (not 64 bytes), bad_intermediate_signature,
//   issuer_serial_mismatch, invalid_key, bad_leaf_signature, not_yet_valid, expired, leaf_key_mismatch.
Status verify_cert_chain(ByteView chain_bytes, const signal::PublicKey& server_static, const TrustRoot& trust,
                         uint64_t now);

// What goes into one certificate.
struct CertificateSpec {
    uint32_t serial = 0;
    uint32_t issuer_serial = 0;
    uint64_t not_before = 0;
    uint64_t not_after = 0;
};

// A root key pair that signs intermediates, used by the simulator (responder side) and by tests.
class CertificateAuthority {
public:
    explicit CertificateAuthority(signal::KeyPair root, uint32_t root_serial = kWhatsAppRootSerial)
        : root_(std::move(root)), root_serial_(root_serial) {}

    const signal::PublicKey& root_public_key() const { return root_.public_key; }
    TrustRoot trust_root() const { return TrustRoot{root_.public_key, root_serial_}; }

    // A chain for `leaf_key`, valid from one hour before `now` to one year after, with a fresh intermediate
    // key pair (serial 1) issued by this root and a leaf (serial 2) issued by the intermediate.
    Result<Bytes> issue_chain(const signal::PublicKey& leaf_key, uint64_t now) const;

    // Full control over every field, for tests of the verifier's failure paths.
    Result<Bytes> issue_chain(const signal::PublicKey& leaf_key, const signal::KeyPair& intermediate,
                              const CertificateSpec& intermediate_spec, const CertificateSpec& leaf_spec) const;

private:
    signal::KeyPair root_;
    uint32_t root_serial_;
};

}  // namespace wagw::wa::noise
