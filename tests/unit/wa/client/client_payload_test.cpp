#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <wa/proto/client_payload.pb.h>
#include <wa/proto/device_props.pb.h>

#include "backend/wa/client/client_payload.hpp"

using namespace wagw::wa;
using namespace wagw::wa::client;

namespace {

signal::LocalIdentity sample_identity() {
    signal::LocalIdentity identity;
    identity.registration_id = 0x01020304;
    for (std::size_t i = 0; i < 32; ++i) {
        identity.identity_key[i] = static_cast<std::uint8_t>(i);
        identity.signed_pre_key.key[i] = static_cast<std::uint8_t>(100 + i);
    }
    identity.signed_pre_key.id = 0x0A0B0C;
    for (std::size_t i = 0; i < 64; ++i)
        identity.signed_pre_key.signature[i] = static_cast<std::uint8_t>(200 - i);
    return identity;
}

std::string bytes_of(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out += static_cast<char>(v);
    return out;
}

}  // namespace

TEST_CASE("registration payload carries the device's keys and no login fields") {
    PayloadOptions options;
    options.push_name = "Front desk";
    auto identity = sample_identity();
    proto::ClientPayload payload;
    REQUIRE(payload.ParseFromString(build_registration_payload(identity, options)));

    CHECK_FALSE(payload.has_username());
    CHECK_FALSE(payload.has_device());
    CHECK(payload.has_passive());
    CHECK_FALSE(payload.passive());
    CHECK_FALSE(payload.pull());
    CHECK(payload.pushname() == "Front desk");
    CHECK(payload.connecttype() == proto::ClientPayload::WIFI_UNKNOWN);
    CHECK(payload.connectreason() == proto::ClientPayload::USER_ACTIVATED);
    CHECK(payload.useragent().platform() == proto::ClientPayload::UserAgent::WEB);
    CHECK(payload.useragent().appversion().primary() == 2);
    CHECK(payload.useragent().appversion().secondary() == 3000);
    CHECK(payload.webinfo().websubplatform() == proto::ClientPayload::WebInfo::WEB_BROWSER);

    REQUIRE(payload.has_devicepairingdata());
    const auto& pairing = payload.devicepairingdata();
    CHECK(pairing.eregid() == bytes_of({1, 2, 3, 4}));
    CHECK(pairing.ekeytype() == bytes_of({5}));
    CHECK(pairing.eident() == std::string(identity.identity_key.begin(), identity.identity_key.end()));
    CHECK(pairing.eskeyid() == bytes_of({0x0A, 0x0B, 0x0C}));
    CHECK(pairing.eskeyval() ==
          std::string(identity.signed_pre_key.key.begin(), identity.signed_pre_key.key.end()));
    CHECK(pairing.eskeysig() ==
          std::string(identity.signed_pre_key.signature.begin(), identity.signed_pre_key.signature.end()));

    // buildHash = MD5 of the version text.
    std::string version = options.version.text();
    unsigned char md5[16];
    unsigned int size = 0;
    EVP_Digest(version.data(), version.size(), md5, &size, EVP_md5(), nullptr);
    CHECK(pairing.buildhash() == std::string(reinterpret_cast<char*>(md5), 16));

    proto::DeviceProps props;
    REQUIRE(props.ParseFromString(pairing.deviceprops()));
    CHECK(props.os() == "wagw");
}

TEST_CASE("login payload names the device and carries no keys") {
    PayloadOptions options;
    auto bytes = build_login_payload("15551234567", 3, options);
    REQUIRE(bytes.ok());
    proto::ClientPayload payload;
    REQUIRE(payload.ParseFromString(*bytes));
    CHECK(payload.username() == 15551234567ULL);
    CHECK(payload.device() == 3);
    CHECK(payload.passive());
    CHECK(payload.pull());
    CHECK_FALSE(payload.has_devicepairingdata());
    CHECK_FALSE(payload.has_pushname());
    CHECK(payload.useragent().device() == "Desktop");
}

TEST_CASE("login payload refuses a user that is not a phone number") {
    auto bytes = build_login_payload("12345678901234:5", 3, PayloadOptions{});
    REQUIRE_FALSE(bytes.ok());
    CHECK(bytes.error().code == "bad_jid");
    CHECK_FALSE(build_login_payload("", 1, PayloadOptions{}).ok());
}
