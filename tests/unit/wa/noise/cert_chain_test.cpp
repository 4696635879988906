#include "noise_test_support.hpp"
#include "backend/wa/signal/xeddsa.hpp"

#include <wa/proto/cert_chain.pb.h>

#include <catch2/catch.hpp>

using namespace wagw::wa::noise;
using namespace wagw::wa::noise::test;
using wagw::wa::signal::KeyPair;

namespace {

constexpr uint64_t kHour = 3600;

CertificateSpec spec(uint32_t serial, uint32_t issuer, uint64_t not_before = kNow - kHour,
                     uint64_t not_after = kNow + kHour) {
    return CertificateSpec{serial, issuer, not_before, not_after};
}

// Full handshake where the server presents `chain`; returns the client's verdict.
std::string handshake_verdict(const SimulatedServer& sim, const Bytes& chain, const TrustRoot& trust) {
    NoiseInitiator client(KeyPair::generate(), trust, fixed_clock);
    NoiseResponder server(sim.static_key, chain);
    auto outcome = run_handshake(client, server, client_payload_bytes());
    if (outcome.client.ok()) return "ok";
    return outcome.client.error().code;
}

}  // namespace

TEST_CASE("A chain issued by our root for the server static verifies") {
    SimulatedServer sim;
    CHECK(error_code(verify_cert_chain(sim.valid_chain(), sim.static_key.public_key, sim.authority.trust_root(), kNow)) ==
          "ok");
}

TEST_CASE("Each broken certificate chain is rejected during the handshake with its own error") {
    SimulatedServer sim;
    const TrustRoot trust = sim.authority.trust_root();
    const KeyPair intermediate = KeyPair::generate();
    const auto& leaf_key = sim.static_key.public_key;
    auto issue = [&](const CertificateSpec& i, const CertificateSpec& l) {
        return *sim.authority.issue_chain(leaf_key, intermediate, i, l);
    };

    CHECK(handshake_verdict(sim, issue(spec(1, 0), spec(2, 1)), trust) == "ok");

    SECTION("signed by a different root") {
        CertificateAuthority stranger(KeyPair::generate());
        CHECK(handshake_verdict(sim, *stranger.issue_chain(leaf_key, kNow), trust) == "bad_intermediate_signature");
    }
    SECTION("the default trust root is WhatsApp's, which did not sign our chain") {
        CHECK(handshake_verdict(sim, sim.valid_chain(), TrustRoot{}) == "bad_intermediate_signature");
        CHECK(TrustRoot{}.public_key == kWhatsAppRootPublicKey);
    }
    SECTION("expired intermediate or leaf") {
        CHECK(handshake_verdict(sim, issue(spec(1, 0, kNow - 2 * kHour, kNow - 1), spec(2, 1)), trust) == "expired");
        CHECK(handshake_verdict(sim, issue(spec(1, 0), spec(2, 1, kNow - 2 * kHour, kNow - 1)), trust) == "expired");
        // The window is inclusive at both ends, like whatsmeow's Before/After checks.
        CHECK(handshake_verdict(sim, issue(spec(1, 0, kNow, kNow), spec(2, 1, kNow, kNow)), trust) == "ok");
    }
    SECTION("not yet valid intermediate or leaf") {
        CHECK(handshake_verdict(sim, issue(spec(1, 0, kNow + 1, kNow + kHour), spec(2, 1)), trust) == "not_yet_valid");
        CHECK(handshake_verdict(sim, issue(spec(1, 0), spec(2, 1, kNow + 1, kNow + kHour)), trust) == "not_yet_valid");
    }
    SECTION("wrong issuer serials") {
        CHECK(handshake_verdict(sim, issue(spec(1, 7), spec(2, 1)), trust) == "issuer_serial_mismatch");
        CHECK(handshake_verdict(sim, issue(spec(1, 0), spec(2, 5)), trust) == "issuer_serial_mismatch");
        // A root with another serial accepts exactly intermediates that name it.
        CertificateAuthority serial9(KeyPair::generate(), 9);
        const auto chain9 = *serial9.issue_chain(leaf_key, intermediate, spec(1, 9), spec(2, 1));
        CHECK(handshake_verdict(sim, chain9, serial9.trust_root()) == "ok");
        CHECK(handshake_verdict(sim, chain9, TrustRoot{serial9.root_public_key(), 0}) == "issuer_serial_mismatch");
    }
    SECTION("leaf key is not the server static") {
        const KeyPair other = KeyPair::generate();
        const auto chain = *sim.authority.issue_chain(other.public_key, intermediate, spec(1, 0), spec(2, 1));
        CHECK(handshake_verdict(sim, chain, trust) == "leaf_key_mismatch");
    }
    SECTION("leaf signed by another intermediate") {
        wagw::wa::proto::CertChain good;
        const Bytes good_bytes = issue(spec(1, 0), spec(2, 1));
        REQUIRE(good.ParseFromArray(good_bytes.data(), static_cast<int>(good_bytes.size())));
        const Bytes other_bytes = *sim.authority.issue_chain(leaf_key, KeyPair::generate(), spec(1, 0), spec(2, 1));
        wagw::wa::proto::CertChain other;
        REQUIRE(other.ParseFromArray(other_bytes.data(), static_cast<int>(other_bytes.size())));
        *good.mutable_leaf() = other.leaf();
        CHECK(handshake_verdict(sim, to_bytes(good.SerializeAsString()), trust) == "bad_leaf_signature");
    }
}

TEST_CASE("Garbled or incomplete certificate chains are rejected before any signature is trusted") {
    SimulatedServer sim;
    const TrustRoot trust = sim.authority.trust_root();
    const auto& key = sim.static_key.public_key;
    const Bytes good = sim.valid_chain();

    CHECK(error_code(verify_cert_chain(Bytes{0x0a, 0x10, 0x01}, key, trust, kNow)) == "bad_protobuf");
    CHECK(error_code(verify_cert_chain(Bytes{}, key, trust, kNow)) == "missing_field");

    wagw::wa::proto::CertChain chain;
    REQUIRE(chain.ParseFromArray(good.data(), static_cast<int>(good.size())));
    auto verdict_after = [&](auto change) {
        wagw::wa::proto::CertChain copy = chain;
        change(copy);
        return error_code(verify_cert_chain(to_bytes(copy.SerializeAsString()), key, trust, kNow));
    };
    CHECK(verdict_after([](auto&) {}) == "ok");
    CHECK(verdict_after([](auto& c) { c.mutable_leaf()->clear_signature(); }) == "missing_field");
    CHECK(verdict_after([](auto& c) { c.clear_intermediate(); }) == "missing_field");
    CHECK(verdict_after([](auto& c) { c.mutable_leaf()->mutable_signature()->resize(63); }) == "invalid_signature");
    CHECK(verdict_after([](auto& c) { c.mutable_intermediate()->mutable_details()->at(4) ^= 1; }) ==
          "bad_intermediate_signature");
    CHECK(verdict_after([](auto& c) { c.mutable_leaf()->mutable_details()->at(4) ^= 1; }) == "bad_leaf_signature");
    CHECK(verdict_after([](auto& c) { c.mutable_intermediate()->mutable_signature()->at(0) ^= 1; }) ==
          "bad_intermediate_signature");
    // Also a valid signature over bytes that are not Details: the signer is trusted, the content must still parse.
    const KeyPair intermediate = KeyPair::generate();
    const std::string garbage_details("\x1a\x40", 2);  // key field claiming 64 bytes that are not there
    auto signature = wagw::wa::signal::xeddsa_sign(intermediate.private_key,
                                                   view_of(garbage_details));
    REQUIRE(signature.ok());
    wagw::wa::proto::CertChain with_garbage = chain;
    const Bytes valid_with_intermediate = *sim.authority.issue_chain(key, intermediate, spec(1, 0), spec(2, 1));
    REQUIRE(with_garbage.ParseFromArray(valid_with_intermediate.data(), static_cast<int>(valid_with_intermediate.size())));
    with_garbage.mutable_leaf()->set_details(garbage_details);
    with_garbage.mutable_leaf()->set_signature(signature->data(), signature->size());
    CHECK(error_code(verify_cert_chain(to_bytes(with_garbage.SerializeAsString()), key, trust, kNow)) ==
          "bad_protobuf");
}
