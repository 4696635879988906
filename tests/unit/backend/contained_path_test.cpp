#include <catch2/catch.hpp>

#include <fstream>

#include "backend/fs/contained_path.hpp"
#include "test_dir.hpp"

using namespace wagw;

TEST_CASE("URL paths are percent-decoded exactly once") {
    CHECK(*fs::decode_url_path("fonts/ui.ttf") == "fonts/ui.ttf");
    CHECK(*fs::decode_url_path("%2e%2E/a%20b") == "../a b");
    CHECK(*fs::decode_url_path("%252e") == "%2e");  // double encoding stays encoded once
    CHECK(*fs::decode_url_path("caf%C3%A9") == "caf\xC3\xA9");
    CHECK_FALSE(fs::decode_url_path("a%2"));
    CHECK_FALSE(fs::decode_url_path("a%"));
    CHECK_FALSE(fs::decode_url_path("a%zz"));
    CHECK_FALSE(fs::decode_url_path("index.html%00.png"));
    CHECK_FALSE(fs::decode_url_path(std::string_view("a\0b", 3)));
    CHECK_FALSE(fs::decode_url_path("%c0%ae%c0%ae"));       // overlong '.'
    CHECK_FALSE(fs::decode_url_path("%e0%80%ae"));          // overlong '.', three bytes
    CHECK_FALSE(fs::decode_url_path("%c0%af"));             // overlong '/'
    CHECK_FALSE(fs::decode_url_path("%ed%a0%80"));          // a UTF-16 surrogate
    CHECK_FALSE(fs::decode_url_path("%ff"));
}

TEST_CASE("resolve_inside keeps every path inside its folder") {
    TestDir dir;
    const auto root = dir.path() / "root";
    std::filesystem::create_directories(root / "sub");
    std::ofstream(root / "sub" / "file.txt") << "inside";
    std::ofstream(dir.path() / "outside.txt") << "outside";
    std::filesystem::create_symlink(dir.path() / "outside.txt", root / "link-out.txt");
    std::filesystem::create_symlink(dir.path(), root / "dir-out");
    std::filesystem::create_symlink(root / "sub" / "file.txt", root / "link-in.txt");

    auto inside = fs::resolve_inside(root, "sub/file.txt");
    REQUIRE(inside);
    CHECK(*inside == std::filesystem::canonical(root / "sub" / "file.txt"));
    CHECK(fs::resolve_inside(root, "sub/not-yet-written.bin"));  // a file to be created
    CHECK(fs::resolve_inside(root, "link-in.txt"));              // a link that stays inside is fine

    for (std::string_view bad : {"", "/etc/passwd", "//etc/passwd", "sub//file.txt", "sub/", "./sub/file.txt",
                                 "..", "../outside.txt", "sub/../../outside.txt", "sub\\..\\..\\outside.txt",
                                 "link-out.txt", "dir-out/outside.txt", "dir-out"}) {
        INFO(bad);
        auto resolved = fs::resolve_inside(root, bad);
        REQUIRE_FALSE(resolved);
        CHECK(resolved.error().code == "path_refused");
    }
    CHECK_FALSE(fs::resolve_inside(root, std::string_view("sub/file.txt\0x", 14)));
}

TEST_CASE("plain file names: what a message id may be before it names a file") {
    CHECK(fs::is_plain_file_name("3EB0C4A1F2B9D8E7"));
    CHECK(fs::is_plain_file_name("BAE5.F00_bar-1"));
    CHECK(fs::is_plain_file_name(std::string(128, 'A')));
    CHECK_FALSE(fs::is_plain_file_name(std::string(129, 'A')));
    for (std::string_view bad : {"", ".", "..", "../x", "/abs", "a/b", "a\\b", "a b", "a\"b", "caf\xC3\xA9"}) {
        INFO(bad);
        CHECK_FALSE(fs::is_plain_file_name(bad));
    }
}
