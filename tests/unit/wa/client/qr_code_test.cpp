#include <catch2/catch.hpp>

#include "backend/wa/client/qr_code.hpp"
#include "common/util/base64.hpp"

using namespace wagw::wa;
using namespace wagw::wa::client;

TEST_CASE("QR string is the current wa.me format with base64 keys and our platform") {
    signal::PublicKey noise{}, identity{};
    pairing::AdvSecret adv{};
    for (std::size_t i = 0; i < 32; ++i) {
        noise[i] = static_cast<std::uint8_t>(i);
        identity[i] = static_cast<std::uint8_t>(0xFF - i);
        adv[i] = static_cast<std::uint8_t>(7 * i);
    }
    std::string text = make_qr_string("2@abc/def==", noise, identity, adv);

    const std::string prefix = "https://wa.me/settings/linked_devices#";
    REQUIRE(text.rfind(prefix, 0) == 0);
    std::string rest = text.substr(prefix.size());
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t comma; (comma = rest.find(',', start)) != std::string::npos; start = comma + 1) {
        parts.push_back(rest.substr(start, comma - start));
    }
    parts.push_back(rest.substr(start));
    REQUIRE(parts.size() == 5);
    CHECK(parts[0] == "2@abc/def==");
    CHECK(parts[1] == wagw::util::base64_encode(noise));
    CHECK(parts[2] == wagw::util::base64_encode(identity));
    CHECK(parts[3] == wagw::util::base64_encode(adv));
    CHECK(parts[4] == "0");
    CHECK(parts[1] == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

    auto parsed = pairing::parse_qr_code(text);
    REQUIRE(parsed.ok());
    CHECK(parsed->noise_public == noise);
    CHECK(parsed->identity_public == identity);
    CHECK(parsed->adv_secret == adv);
}

TEST_CASE("the first QR lasts 60 s and every later one 20 s") {
    CHECK(qr_validity(0) == std::chrono::seconds(60));
    CHECK(qr_validity(1) == std::chrono::seconds(20));
    CHECK(qr_validity(5) == std::chrono::seconds(20));
}
