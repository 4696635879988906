#include "backend/wa/noise/handshake_state.hpp"
#include "backend/wa/noise/primitives.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

using namespace wagw::wa::noise;

namespace {
std::string hex(const uint8_t* data, size_t len) {
    std::string out;
    char buf[3];
    for (size_t i = 0; i < len; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", data[i]);
        out += buf;
    }
    return out;
}
}  // namespace

TEST_CASE("HKDF with empty salt and info matches RFC 5869 test case 3") {
    const Bytes ikm(22, 0x0b);
    auto [first, second] = hkdf_sha256_split({}, ikm);
    const std::string okm = hex(first.data(), 32) + hex(second.data(), 32);
    CHECK(okm.substr(0, 84) ==
          "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST_CASE("AES-256-GCM with counter 0 matches the GCM spec's test cases 13 and 14") {
    const Key zero_key;
    const Bytes empty_ct = aes_gcm_seal(zero_key, 0, {}, {});
    CHECK(hex(empty_ct.data(), empty_ct.size()) == "530f8afbc74536b9a963b4f1c4cb738b");
    const Bytes block(16, 0);
    const Bytes ct = aes_gcm_seal(zero_key, 0, {}, block);
    CHECK(hex(ct.data(), ct.size()) == "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
}

TEST_CASE("AES-GCM open checks key, counter, AAD and length") {
    Key key;
    key.data()[0] = 7;
    const Bytes aad = {1, 2, 3};
    const Bytes plaintext = {'h', 'i'};
    const Bytes ct = aes_gcm_seal(key, 5, aad, plaintext);
    auto good = aes_gcm_open(key, 5, aad, ct);
    REQUIRE(good.ok());
    CHECK(*good == plaintext);
    CHECK(aes_gcm_open(key, 6, aad, ct).error().code == "bad_gcm_tag");
    CHECK(aes_gcm_open(key, 5, {}, ct).error().code == "bad_gcm_tag");
    Bytes flipped = ct;
    flipped.back() ^= 1;
    CHECK(aes_gcm_open(key, 5, aad, flipped).error().code == "bad_gcm_tag");
    CHECK(aes_gcm_open(key, 5, aad, ByteView(ct.data(), 15)).error().code == "truncated");
}

TEST_CASE("The handshake hash starts from the padded name and the WA 6 3 prologue") {
    // SHA-256("Noise_XX_25519_AESGCM_SHA256\0\0\0\0" || 57 41 06 03), computed independently with Python.
    const HandshakeState state;
    CHECK(hex(state.handshake_hash().data(), 32) == "ffff0c9267310966f1311170c04b38c79504285bf5edf763e5c946492a50a755");
}

TEST_CASE("Handshake state refuses to encrypt before a key is mixed in, and nonces restart per key") {
    HandshakeState a;
    HandshakeState b;
    CHECK(a.encrypt_and_hash(Bytes{1}).error().code == "handshake_state");
    const Bytes dh(32, 9);
    a.mix_key(dh);
    b.mix_key(dh);
    for (int i = 0; i < 3; ++i) {  // nonces 0, 1, 2 on both sides
        auto ct = a.encrypt_and_hash(Bytes{static_cast<uint8_t>(i)});
        REQUIRE(ct.ok());
        auto pt = b.decrypt_and_hash(*ct);
        REQUIRE(pt.ok());
        CHECK(pt->at(0) == i);
    }
    CHECK(a.handshake_hash() == b.handshake_hash());
    a.mix_key(dh);
    auto after_reset = a.encrypt_and_hash(Bytes{42});
    REQUIRE(after_reset.ok());
    CHECK(b.decrypt_and_hash(*after_reset).error().code == "bad_gcm_tag");  // b still has the old key at n=3
}
