#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <wa/proto/adv.pb.h>

#include "backend/wa/pairing/adv_identity.hpp"

using namespace wagw::wa;
using namespace wagw::wa::pairing;

namespace {

struct Pairing {
    signal::KeyPair phone = signal::KeyPair::generate();
    signal::KeyPair companion = signal::KeyPair::generate();
    AdvSecret secret{};
    DeviceIdentityDetails details{7, 1700000000, 3, false};
    Pairing() { secret.fill(0x42); }
    Bytes sign() const { return sign_companion_identity(phone, companion.public_key, secret, details).value(); }
};

proto::ADVSignedDeviceIdentityHMAC container_of(const Bytes& bytes) {
    proto::ADVSignedDeviceIdentityHMAC container;
    REQUIRE(container.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
    return container;
}

Bytes serialize(const google::protobuf::MessageLite& message) {
    const std::string s = message.SerializeAsString();
    return Bytes(s.begin(), s.end());
}

}  // namespace

TEST_CASE("phone-signed identity passes the companion checks and round trips", "[pairing][adv]") {
    Pairing p;
    auto verified = verify_pair_success_identity(p.sign(), p.secret, p.companion.public_key);
    REQUIRE(verified);
    REQUIRE(verified->details.raw_id == 7);
    REQUIRE(verified->details.key_index == 3);
    REQUIRE(verified->details.timestamp == 1700000000);
    REQUIRE(*verified->signed_identity.account_signature_key == p.phone.public_key);
    REQUIRE(verified->signed_identity.account_signature.size() == 64);
    REQUIRE(verified->signed_identity.device_signature.empty());

    // Signing the published input elsewhere gives a signature the phone side accepts, like add_device_signature.
    auto input = device_signature_input(verified->signed_identity, p.companion.public_key);
    REQUIRE(input);
    auto external = verified->signed_identity;
    auto signature = signal::xeddsa_sign(p.companion.private_key, *input).value();
    external.device_signature.assign(signature.begin(), signature.end());
    REQUIRE(verify_device_signature(encode_signed_device_identity(external, false), p.phone.public_key,
                                    p.companion.public_key));
    REQUIRE(device_signature_input(SignedDeviceIdentity{}, p.companion.public_key).error().code == "missing_field");

    REQUIRE(add_device_signature(*verified, p.companion));
    // What the companion sends back omits the account key; the phone side checks the device signature.
    const Bytes reply = encode_signed_device_identity(verified->signed_identity, false);
    REQUIRE_FALSE(decode_signed_device_identity(reply)->account_signature_key);
    auto checked = verify_device_signature(reply, p.phone.public_key, p.companion.public_key);
    REQUIRE(checked);
    REQUIRE(checked->details.key_index == 3);
    // The message form carries the key, and is accepted too.
    REQUIRE(verify_device_signature(encode_signed_device_identity(verified->signed_identity, true),
                                    p.phone.public_key, p.companion.public_key));
}

TEST_CASE("a wrong ADV secret or a tampered identity fails the HMAC", "[pairing][adv]") {
    Pairing p;
    const Bytes signed_bytes = p.sign();
    AdvSecret other = p.secret;
    other[0] ^= 1;
    REQUIRE(verify_pair_success_identity(signed_bytes, other, p.companion.public_key).error().code == "hmac_mismatch");

    auto container = container_of(signed_bytes);
    std::string details = container.details();
    details[details.size() / 2] ^= 1;
    container.set_details(details);
    REQUIRE(verify_pair_success_identity(serialize(container), p.secret, p.companion.public_key).error().code ==
            "hmac_mismatch");
    REQUIRE(verify_pair_success_identity(Bytes{1, 2, 3}, p.secret, p.companion.public_key).error().code ==
            "bad_protobuf");
}

TEST_CASE("an account signature for another companion or by another key is rejected", "[pairing][adv]") {
    Pairing p;
    // Signed for someone else's identity: the HMAC is fine, the account signature is not.
    REQUIRE(verify_pair_success_identity(p.sign(), p.secret, signal::KeyPair::generate().public_key).error().code ==
            "signature_mismatch");

    // A forged identity: valid HMAC (the attacker knows the QR's secret) but the account signature was made by a
    // key other than the one it names.
    Pairing forger;
    forger.secret = p.secret;
    auto container = container_of(forger.sign());
    auto inner = decode_signed_device_identity(Bytes(container.details().begin(), container.details().end())).value();
    inner.account_signature_key = p.phone.public_key;  // claims to be p's phone
    const Bytes forged = encode_signed_device_identity(inner, true);
    std::array<std::uint8_t, 32> tag{};
    unsigned int tag_size = 0;
    HMAC(EVP_sha256(), p.secret.data(), static_cast<int>(p.secret.size()), forged.data(), forged.size(), tag.data(),
         &tag_size);
    container.set_details(std::string(forged.begin(), forged.end()));
    container.set_hmac(std::string(tag.begin(), tag.end()));
    REQUIRE(verify_pair_success_identity(serialize(container), p.secret, p.companion.public_key).error().code ==
            "signature_mismatch");
}

TEST_CASE("the phone side rejects a bad device signature", "[pairing][adv]") {
    Pairing p;
    auto verified = verify_pair_success_identity(p.sign(), p.secret, p.companion.public_key).value();
    // Signed by some other key pair than the companion's identity.
    REQUIRE(add_device_signature(verified, signal::KeyPair::generate()));
    const Bytes reply = encode_signed_device_identity(verified.signed_identity, false);
    REQUIRE(verify_device_signature(reply, p.phone.public_key, p.companion.public_key).error().code ==
            "device_signature_mismatch");

    REQUIRE(add_device_signature(verified, p.companion));
    auto tampered = verified.signed_identity;
    tampered.device_signature[5] ^= 1;
    REQUIRE(verify_device_signature(encode_signed_device_identity(tampered, false), p.phone.public_key,
                                    p.companion.public_key)
                .error()
                .code == "device_signature_mismatch");
    // Missing device signature.
    tampered.device_signature.clear();
    REQUIRE_FALSE(verify_device_signature(encode_signed_device_identity(tampered, false), p.phone.public_key,
                                          p.companion.public_key));
    // Checked against another account key: the account signature no longer verifies.
    REQUIRE(verify_device_signature(encode_signed_device_identity(verified.signed_identity, false),
                                    signal::KeyPair::generate().public_key, p.companion.public_key)
                .error()
                .code == "signature_mismatch");
}
