#include "backend/wa/signal/key_forms.hpp"
#include "backend/wa/signal/xeddsa.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace wagw::wa::signal;

namespace {
std::span<const uint8_t> bytes_of(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }
}  // namespace

TEST_CASE("XEdDSA signature verifies with the signer's key in both key forms") {
    const KeyPair pair = KeyPair::generate();
    const std::string message = "intermediate certificate details";
    auto signature = xeddsa_sign(pair.private_key, bytes_of(message));
    REQUIRE(signature.ok());
    CHECK(xeddsa_verify(pair.public_key, bytes_of(message), *signature).ok());
    const SignalPublicKey typed = with_key_type(pair.public_key);
    CHECK(xeddsa_verify(typed, bytes_of(message), *signature).ok());
}

TEST_CASE("XEdDSA signatures are randomised but both verify") {
    const KeyPair pair = KeyPair::generate();
    const std::string message = "same message";
    auto first = xeddsa_sign(pair.private_key, bytes_of(message));
    auto second = xeddsa_sign(pair.private_key, bytes_of(message));
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(*first != *second);
    CHECK(xeddsa_verify(pair.public_key, bytes_of(message), *second).ok());
}

TEST_CASE("XEdDSA rejects a changed message, a changed signature and another key") {
    const KeyPair pair = KeyPair::generate();
    const std::string message = "leaf certificate details";
    auto signature = xeddsa_sign(pair.private_key, bytes_of(message));
    REQUIRE(signature.ok());

    std::string changed = message;
    changed[0] ^= 1;
    auto verdict = xeddsa_verify(pair.public_key, bytes_of(changed), *signature);
    REQUIRE_FALSE(verdict.ok());
    CHECK(verdict.error().code == "bad_signature");

    Signature broken = *signature;
    broken[10] ^= 0x40;
    CHECK(xeddsa_verify(pair.public_key, bytes_of(message), broken).error().code == "bad_signature");

    const KeyPair other = KeyPair::generate();
    CHECK(xeddsa_verify(other.public_key, bytes_of(message), *signature).error().code == "bad_signature");
}

TEST_CASE("XEdDSA refuses malformed keys and signatures before verifying") {
    const KeyPair pair = KeyPair::generate();
    const std::string message = "m";
    auto signature = xeddsa_sign(pair.private_key, bytes_of(message));
    REQUIRE(signature.ok());
    const std::span<const uint8_t> short_signature(signature->data(), 63);
    CHECK(xeddsa_verify(pair.public_key, bytes_of(message), short_signature).error().code == "invalid_signature");

    SignalPublicKey wrong_type = with_key_type(pair.public_key);
    wrong_type[0] = 0x06;
    CHECK(xeddsa_verify(wrong_type, bytes_of(message), *signature).error().code == "invalid_key");
    const std::span<const uint8_t> short_key(pair.public_key.data(), 31);
    CHECK(xeddsa_verify(short_key, bytes_of(message), *signature).error().code == "invalid_key");
}

TEST_CASE("Key forms convert between 32 and 33 bytes in one place") {
    const KeyPair pair = KeyPair::generate();
    const SignalPublicKey typed = with_key_type(pair.public_key);
    CHECK(typed[0] == kDjbKeyType);
    auto back = public_key_from_any_form(typed);
    REQUIRE(back.ok());
    CHECK(*back == pair.public_key);
    auto same = public_key_from_any_form(pair.public_key);
    REQUIRE(same.ok());
    CHECK(*same == pair.public_key);
}

TEST_CASE("X25519 agreement is symmetric and refuses a low-order key") {
    const KeyPair alice = KeyPair::generate();
    const KeyPair bob = KeyPair::generate();
    auto ab = x25519_agreement(alice.private_key, bob.public_key);
    auto ba = x25519_agreement(bob.private_key, alice.public_key);
    REQUIRE(ab.ok());
    REQUIRE(ba.ok());
    CHECK(std::equal(ab->data(), ab->data() + 32, ba->data()));

    const std::array<uint8_t, 32> zero_point{};
    auto bad = x25519_agreement(alice.private_key, zero_point);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "bad_public_key");
}

TEST_CASE("A key pair rebuilt from its private key has the same public key") {
    const KeyPair pair = KeyPair::generate();
    const KeyPair again = KeyPair::from_private(pair.private_key.span());
    CHECK(again.public_key == pair.public_key);
}
