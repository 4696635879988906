#include <catch2/catch.hpp>

#include "backend/wa/pairing/qr_code.hpp"

using namespace wagw::wa::pairing;

namespace {
QrCode sample(std::string platform) {
    QrCode code;
    code.ref = "2@abc/def+ghi==";
    code.noise_public.fill(1);
    code.identity_public.fill(2);
    code.adv_secret.fill(3);
    code.platform = std::move(platform);
    return code;
}
}  // namespace

TEST_CASE("QR strings round trip in both formats", "[pairing][qr]") {
    for (const char* platform : {"", "1", "c"}) {
        const QrCode code = sample(platform);
        const std::string text = format_qr_code(code);
        REQUIRE(text.starts_with(std::string(kQrUrlPrefix)) == !code.platform.empty());
        auto parsed = parse_qr_code(text);
        REQUIRE(parsed);
        REQUIRE(*parsed == code);
    }
}

TEST_CASE("QR strings Baileys makes are parsed", "[pairing][qr]") {
    // The shape of Baileys 7.0.0-rc13's QR text: ref, three std-base64 keys, platform.
    const std::string text = "https://wa.me/settings/linked_devices#2@ref," + std::string(43, 'A') + "=," +
                             std::string(43, 'B') + "=," + std::string(43, 'C') + "=,1";
    auto parsed = parse_qr_code(text);
    REQUIRE(parsed);
    REQUIRE(parsed->ref == "2@ref");
    REQUIRE(parsed->platform == "1");
}

TEST_CASE("malformed QR strings are rejected with a reason", "[pairing][qr]") {
    const std::string good = format_qr_code(sample(""));
    REQUIRE(parse_qr_code(good));
    REQUIRE(parse_qr_code("").error().code == "invalid_qr");
    REQUIRE_FALSE(parse_qr_code("a,b,c"));
    REQUIRE_FALSE(parse_qr_code(good + ",1,2"));
    REQUIRE_FALSE(parse_qr_code("," + good.substr(good.find(',') + 1)));  // empty ref
    REQUIRE_FALSE(parse_qr_code("ref,AAAA,AAAA,AAAA"));                     // keys too short
    std::string bad_key = good;
    bad_key[good.find(',') + 1] = '*';
    REQUIRE_FALSE(parse_qr_code(bad_key));
    REQUIRE_FALSE(parse_qr_code(good + ","));  // empty platform
}
