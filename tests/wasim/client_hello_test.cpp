#include <catch2/catch.hpp>

#include <wa/proto/client_payload.pb.h>

#include "tools/wasim/server/client_hello.hpp"

using namespace wagw::wasim;

namespace {
Bytes serialize(const wagw::wa::proto::ClientPayload& payload) {
    const std::string s = payload.SerializeAsString();
    return Bytes(s.begin(), s.end());
}

wagw::wa::proto::ClientPayload registration() {
    wagw::wa::proto::ClientPayload payload;
    payload.set_pushname("Alice");
    auto* data = payload.mutable_devicepairingdata();
    data->set_eregid(std::string("\x00\x00\x30\x39", 4));  // 12345
    data->set_ekeytype(std::string("\x05", 1));
    data->set_eident(std::string(32, '\x01'));
    data->set_eskeyid(std::string("\x00\x00\x01", 3));
    data->set_eskeyval(std::string(32, '\x02'));
    data->set_eskeysig(std::string(64, '\x03'));
    return payload;
}
}  // namespace

TEST_CASE("a registration payload yields the companion's keys", "[wasim][hello]") {
    signal::PublicKey noise{};
    noise.fill(9);
    auto hello = read_client_hello(serialize(registration()), noise);
    REQUIRE(hello);
    REQUIRE(hello->is_registration());
    REQUIRE(hello->push_name == "Alice");
    REQUIRE(hello->noise_public == noise);
    REQUIRE(hello->registration->registration_id == 12345);
    REQUIRE(hello->registration->identity[0] == 1);
    REQUIRE(hello->registration->signed_pre_key->id == 1);
    REQUIRE(hello->registration->signed_pre_key->signature.size() == 64);
}

TEST_CASE("a login payload names the phone number and device", "[wasim][hello]") {
    wagw::wa::proto::ClientPayload payload;
    payload.set_username(15551234567ULL);
    payload.set_device(3);
    payload.set_passive(true);
    auto hello = read_client_hello(serialize(payload), {});
    REQUIRE(hello);
    REQUIRE_FALSE(hello->is_registration());
    REQUIRE(hello->phone == "15551234567");
    REQUIRE(hello->device == 3);
    REQUIRE(hello->passive);
}

TEST_CASE("malformed payloads are refused", "[wasim][hello]") {
    REQUIRE(read_client_hello(Bytes{0xff, 0xff, 0xff}, {}).error().code == "bad_client_payload");
    REQUIRE_FALSE(read_client_hello(Bytes{}, {}));  // neither registration nor login
    auto short_identity = registration();
    short_identity.mutable_devicepairingdata()->set_eident(std::string(31, '\x01'));
    REQUIRE_FALSE(read_client_hello(serialize(short_identity), {}));
    auto bad_signature = registration();
    bad_signature.mutable_devicepairingdata()->set_eskeysig(std::string(63, '\x03'));
    REQUIRE_FALSE(read_client_hello(serialize(bad_signature), {}));
    auto bad_regid = registration();
    bad_regid.mutable_devicepairingdata()->set_eregid("abc");
    REQUIRE_FALSE(read_client_hello(serialize(bad_regid), {}));
}
