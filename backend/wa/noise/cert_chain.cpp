#include "backend/wa/noise/cert_chain.hpp"

#include "backend/wa/signal/xeddsa.hpp"

#include <wa/proto/cert_chain.pb.h>

#include <openssl/crypto.h>

#include <string>

namespace wagw::wa::noise {
namespace {

using Details = proto::CertChain::NoiseCertificate::Details;

Error bad_protobuf(const char* what) {
    return Error{"bad_protobuf", std::string("certificate chain: ") + what + " is not a valid protobuf"};
}

Status check_validity(const Details& details, const char* which, uint64_t now) {
    if (now < details.notbefore()) {
        return Error{"not_yet_valid", std::string(which) + " certificate is not valid before " +
                                          std::to_string(details.notbefore()) + " (now " + std::to_string(now) + ")"};
    }
    if (now > details.notafter()) {
        return Error{"expired", std::string(which) + " certificate expired at " + std::to_string(details.notafter()) +
                                    " (now " + std::to_string(now) + ")"};
    }
    return ok_status();
}

Status verify_signature(ByteView key, const std::string& signed_bytes, const std::string& signature,
                        const char* error_code, const char* which) {
    auto verified = signal::xeddsa_verify(key, view_of(signed_bytes), view_of(signature));
    if (verified) return ok_status();
    if (verified.error().code == "bad_signature") {
        return Error{error_code, std::string(which) + " certificate signature does not verify against its issuer key"};
    }
    return verified.error();
}

}  // namespace

Status verify_cert_chain(ByteView chain_bytes, const signal::PublicKey& server_static, const TrustRoot& trust,
                         uint64_t now) {
    proto::CertChain chain;
    if (!chain.ParseFromArray(chain_bytes.data(), static_cast<int>(chain_bytes.size()))) {
        return bad_protobuf("CertChain");
    }
    if (!chain.intermediate().has_details() || !chain.intermediate().has_signature() || !chain.leaf().has_details() ||
        !chain.leaf().has_signature()) {
        return Error{"missing_field", "certificate chain lacks a certificate's details or signature"};
    }
    if (chain.intermediate().signature().size() != 64 || chain.leaf().signature().size() != 64) {
        return Error{"invalid_signature", "certificate signatures must be 64 bytes"};
    }
    const std::string& intermediate_raw = chain.intermediate().details();
    const std::string& leaf_raw = chain.leaf().details();

    // The root signature is checked before the signed bytes are parsed: nothing unauthenticated is trusted.
    if (auto s = verify_signature(trust.public_key, intermediate_raw, chain.intermediate().signature(),
                                  "bad_intermediate_signature", "intermediate");
        !s) {
        return s;
    }
    Details intermediate;
    if (!intermediate.ParseFromString(intermediate_raw)) return bad_protobuf("intermediate details");
    if (intermediate.issuerserial() != trust.serial) {
        return Error{"issuer_serial_mismatch", "intermediate issuer serial " + std::to_string(intermediate.issuerserial()) +
                                                   " is not the root's serial " + std::to_string(trust.serial)};
    }
    if (intermediate.key().size() != 32) {
        return Error{"invalid_key", "intermediate certificate key must be 32 bytes"};
    }
    if (auto s = verify_signature(view_of(intermediate.key()), leaf_raw, chain.leaf().signature(),
                                  "bad_leaf_signature", "leaf");
        !s) {
        return s;
    }
    if (auto s = check_validity(intermediate, "intermediate", now); !s) return s;

    Details leaf;
    if (!leaf.ParseFromString(leaf_raw)) return bad_protobuf("leaf details");
    if (leaf.issuerserial() != intermediate.serial()) {
        return Error{"issuer_serial_mismatch", "leaf issuer serial " + std::to_string(leaf.issuerserial()) +
                                                   " is not the intermediate's serial " +
                                                   std::to_string(intermediate.serial())};
    }
    if (leaf.key().size() != server_static.size() ||
        CRYPTO_memcmp(leaf.key().data(), server_static.data(), server_static.size()) != 0) {
        return Error{"leaf_key_mismatch", "leaf certificate key is not the server's Noise static key"};
    }
    return check_validity(leaf, "leaf", now);
}

Result<Bytes> CertificateAuthority::issue_chain(const signal::PublicKey& leaf_key, uint64_t now) const {
    const uint64_t not_before = now > 3600 ? now - 3600 : 0;
    const uint64_t not_after = now + 365ull * 24 * 3600;
    const signal::KeyPair intermediate = signal::KeyPair::generate();
    return issue_chain(leaf_key, intermediate, CertificateSpec{1, root_serial_, not_before, not_after},
                       CertificateSpec{2, 1, not_before, not_after});
}

Result<Bytes> CertificateAuthority::issue_chain(const signal::PublicKey& leaf_key, const signal::KeyPair& intermediate,
                                                const CertificateSpec& intermediate_spec,
                                                const CertificateSpec& leaf_spec) const {
    auto details_bytes = [](const CertificateSpec& spec, const signal::PublicKey& key) {
        Details details;
        details.set_serial(spec.serial);
        details.set_issuerserial(spec.issuer_serial);
        details.set_key(key.data(), key.size());
        details.set_notbefore(spec.not_before);
        details.set_notafter(spec.not_after);
        return details.SerializeAsString();
    };
    const std::string intermediate_raw = details_bytes(intermediate_spec, intermediate.public_key);
    const std::string leaf_raw = details_bytes(leaf_spec, leaf_key);
    auto intermediate_signature = signal::xeddsa_sign(root_.private_key, view_of(intermediate_raw));
    if (!intermediate_signature) return intermediate_signature.error();
    auto leaf_signature = signal::xeddsa_sign(intermediate.private_key, view_of(leaf_raw));
    if (!leaf_signature) return leaf_signature.error();

    proto::CertChain chain;
    chain.mutable_intermediate()->set_details(intermediate_raw);
    chain.mutable_intermediate()->set_signature(intermediate_signature->data(), intermediate_signature->size());
    chain.mutable_leaf()->set_details(leaf_raw);
    chain.mutable_leaf()->set_signature(leaf_signature->data(), leaf_signature->size());
    return to_bytes(chain.SerializeAsString());
}

}  // namespace wagw::wa::noise
