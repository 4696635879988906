#include <catch2/catch.hpp>

#include <string>

#include "common/util/base64.hpp"

using namespace wagw::util;

namespace {
std::vector<std::uint8_t> bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}
}  // namespace

TEST_CASE("base64 matches RFC 4648's test vectors both ways") {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        CHECK(base64_encode(bytes_of(plain)) == encoded);
        auto decoded = base64_decode(encoded);
        REQUIRE(decoded.ok());
        CHECK(*decoded == bytes_of(plain));
    }
}

TEST_CASE("the URL-safe alphabet has no padding and - _ for + /") {
    const std::vector<std::uint8_t> bytes{0, 1, 2, 250, 251, 255};
    CHECK(base64_encode(bytes) == "AAEC+vv/");
    CHECK(base64_encode(bytes, Base64Alphabet::url_safe_unpadded) == "AAEC-vv_");
    CHECK(base64_encode(bytes_of("f"), Base64Alphabet::url_safe_unpadded) == "Zg");
    CHECK(*base64_decode("Zg", Base64Alphabet::url_safe_unpadded) == bytes_of("f"));
    CHECK(*base64_decode("AAEC-vv_", Base64Alphabet::url_safe_unpadded) == bytes);
    CHECK_FALSE(base64_decode("AAEC+vv/", Base64Alphabet::url_safe_unpadded).ok());
    CHECK_FALSE(base64_decode("Zg==", Base64Alphabet::url_safe_unpadded).ok());
}

TEST_CASE("text no encoder makes is refused") {
    for (const char* text : {"AAE", "AA-_", "A=AA", "A===", "Z", "Zm9v\n"}) {
        auto decoded = base64_decode(text);
        CHECK_FALSE(decoded.ok());
        if (!decoded.ok()) CHECK(decoded.error().code == "invalid_base64");
    }
}

TEST_CASE("set leftover bits are ignored, as other decoders do") {
    CHECK(*base64_decode("Zh==") == bytes_of("f"));
}

TEST_CASE("every byte value survives a round trip in both alphabets") {
    std::vector<std::uint8_t> all(256);
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
    for (std::size_t size = 0; size <= all.size(); size += 37) {
        const std::span<const std::uint8_t> part(all.data(), size);
        for (auto alphabet : {Base64Alphabet::standard, Base64Alphabet::url_safe_unpadded}) {
            auto back = base64_decode(base64_encode(part, alphabet), alphabet);
            REQUIRE(back.ok());
            CHECK(std::vector<std::uint8_t>(part.begin(), part.end()) == *back);
        }
    }
}
