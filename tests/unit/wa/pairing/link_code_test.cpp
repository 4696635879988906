#include <catch2/catch.hpp>

#include "backend/wa/pairing/link_code.hpp"

using namespace wagw::wa;
using namespace wagw::wa::pairing;

TEST_CASE("link codes are 8 characters of the alphabet, dash and case tolerated", "[pairing][link]") {
    const std::string code = make_link_code();
    REQUIRE(normalize_link_code(code).value() == code);
    REQUIRE(normalize_link_code("abcd-efgh").value() == "ABCDEFGH");
    REQUIRE(normalize_link_code("ABCDEFG").error().code == "invalid_link_code");
    REQUIRE_FALSE(normalize_link_code("ABCDEFG0"));  // 0 is not in the alphabet
    REQUIRE_FALSE(normalize_link_code("ABCDEFGHI"));
}

TEST_CASE("both sides of link-code pairing agree on the ADV secret", "[pairing][link]") {
    const std::string code = "ABCD2345";
    const auto companion_ephemeral = signal::KeyPair::generate(), primary_ephemeral = signal::KeyPair::generate();
    const auto companion_identity = signal::KeyPair::generate(), primary_identity = signal::KeyPair::generate();

    // Each side's ephemeral key crosses wrapped by the code.
    auto wrapped = wrap_link_code_key(code, companion_ephemeral.public_key);
    REQUIRE(wrapped);
    REQUIRE(wrapped->size() == kWrappedKeySize);
    REQUIRE(unwrap_link_code_key(code, *wrapped).value() == companion_ephemeral.public_key);
    REQUIRE(unwrap_link_code_key("ABCD2346", *wrapped).value() != companion_ephemeral.public_key);
    REQUIRE(unwrap_link_code_key(code, ByteView(*wrapped).first(79)).error().code == "invalid_wrapped_key");

    auto sealed = seal_link_code_bundle(companion_ephemeral, primary_ephemeral.public_key, companion_identity,
                                        primary_identity.public_key);
    REQUIRE(sealed);
    auto secret = open_link_code_bundle(primary_ephemeral, companion_ephemeral.public_key, primary_identity,
                                        companion_identity.public_key, sealed->wrapped_key_bundle);
    REQUIRE(secret);
    REQUIRE(*secret == sealed->adv_secret);

    SECTION("a companion whose identity key stays in its store passes the identity agreement instead") {
        auto agreement = signal::x25519_agreement(companion_identity.private_key, primary_identity.public_key);
        REQUIRE(agreement);
        auto kept = seal_link_code_bundle(companion_ephemeral, primary_ephemeral.public_key,
                                          companion_identity.public_key, primary_identity.public_key, *agreement);
        REQUIRE(kept);
        auto opened = open_link_code_bundle(primary_ephemeral, companion_ephemeral.public_key, primary_identity,
                                            companion_identity.public_key, kept->wrapped_key_bundle);
        REQUIRE(opened);
        REQUIRE(*opened == kept->adv_secret);
    }

    SECTION("a wrong code (a wrong ephemeral key) or a tampered bundle is refused") {
        const auto stranger = signal::KeyPair::generate();
        REQUIRE(open_link_code_bundle(primary_ephemeral, stranger.public_key, primary_identity,
                                      companion_identity.public_key, sealed->wrapped_key_bundle)
                    .error()
                    .code == "bad_key_bundle");
        Bytes tampered = sealed->wrapped_key_bundle;
        tampered[50] ^= 1;
        REQUIRE(open_link_code_bundle(primary_ephemeral, companion_ephemeral.public_key, primary_identity,
                                      companion_identity.public_key, tampered)
                    .error()
                    .code == "bad_key_bundle");
    }
    SECTION("a bundle naming another companion identity is refused") {
        REQUIRE(open_link_code_bundle(primary_ephemeral, companion_ephemeral.public_key, primary_identity,
                                      signal::KeyPair::generate().public_key, sealed->wrapped_key_bundle)
                    .error()
                    .code == "identity_mismatch");
    }
}
