#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "backend/store/secret_box.hpp"
#include "test_dir.hpp"

using namespace wagw;

namespace {
std::vector<std::uint8_t> bytes(std::string_view text) { return {text.begin(), text.end()}; }
}  // namespace

TEST_CASE("sealed secrets open only with the same key and reveal nothing in between") {
    TestDir dir;
    auto box = store::SecretBox::from_key_file(dir.path() / "master.key");
    REQUIRE(box.ok());
    const auto secret = bytes("identity private key 0123456789abcdef");
    const auto sealed = box->seal(secret);
    CHECK(std::search(sealed.begin(), sealed.end(), secret.begin(), secret.end()) == sealed.end());
    CHECK(box->seal(secret) != sealed);  // fresh nonce every time
    auto opened = box->open(sealed);
    REQUIRE(opened.ok());
    CHECK(*opened == secret);

    auto tampered = sealed;
    tampered.back() ^= 1;
    CHECK_FALSE(box->open(tampered).ok());
    CHECK_FALSE(box->open(std::span(sealed).first(10)).ok());

    std::vector<std::uint8_t> other_key(32, 7);
    auto other = store::SecretBox::from_key(other_key);
    REQUIRE(other.ok());
    auto wrong = other->open(sealed);
    REQUIRE_FALSE(wrong.ok());
    CHECK_THAT(wrong.error().message, Catch::Contains("master key"));
}

TEST_CASE("the master key file is created once with owner-only access and reused") {
    TestDir dir;
    const auto file = dir.path() / "master.key";
    std::vector<std::uint8_t> sealed;
    {
        auto box = store::SecretBox::from_key_file(file);
        REQUIRE(box.ok());
        sealed = box->seal(bytes("session record"));
    }
    CHECK(std::filesystem::file_size(file) == 32);
    const auto perms = std::filesystem::status(file).permissions();
    CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
          std::filesystem::perms::none);
    auto again = store::SecretBox::from_key_file(file);  // a restart
    REQUIRE(again.ok());
    auto opened = again->open(sealed);
    REQUIRE(opened.ok());
    CHECK(*opened == bytes("session record"));
}

TEST_CASE("a damaged master key file is refused with advice") {
    TestDir dir;
    const auto file = dir.path() / "master.key";
    std::ofstream(file) << "short";
    auto box = store::SecretBox::from_key_file(file);
    REQUIRE_FALSE(box.ok());
    CHECK_THAT(box.error().message, Catch::Contains("backup"));
}
