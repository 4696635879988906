// Where `wagw client listen --download DIR` writes a received file: a name from the content (its SHA-256), inside
// DIR, whatever the sender put in the message id or the document name. The old code wrote to DIR / <message id>.
#include <catch2/catch.hpp>

#include <fstream>

#include "backend/app/download_path.hpp"
#include "test_dir.hpp"

using namespace wagw;
using namespace wagw::app;

namespace {
const std::string kDigest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
}

TEST_CASE("a download is named by its SHA-256 and an extension from a fixed list") {
    CHECK(download_file_name(kDigest, "image/jpeg").value() == kDigest + ".jpg");
    CHECK(download_file_name(kDigest, "audio/ogg; codecs=opus").value() == kDigest + ".ogg");
    CHECK(download_file_name(kDigest, "Application/PDF").value() == kDigest + ".pdf");
    // Whatever the sender claims, the mimetype only picks from the list.
    CHECK(download_file_name(kDigest, "../../x").value() == kDigest + ".bin");
    CHECK(download_file_name(kDigest, "image/jpeg/../../../etc/passwd").value() == kDigest + ".bin");
    CHECK(download_file_name(kDigest, "").value() == kDigest + ".bin");
    // Not a digest: refused, never used as a name.
    CHECK_FALSE(download_file_name("../../x", "image/jpeg").ok());
    CHECK_FALSE(download_file_name("/abs/path", "image/jpeg").ok());
    CHECK_FALSE(download_file_name(std::string(64, 'A'), "image/jpeg").ok());
    CHECK_FALSE(download_file_name(kDigest + "/", "image/jpeg").ok());
}

TEST_CASE("a download path lies inside the folder, and a planted symlink cannot lead it out") {
    TestDir dir;
    const auto downloads = dir.path() / "downloads";
    std::filesystem::create_directories(downloads);
    auto path = download_path(downloads, kDigest, "image/png");
    REQUIRE(path.ok());
    CHECK(path->parent_path() == std::filesystem::weakly_canonical(downloads));
    CHECK(path->filename() == kDigest + ".png");

    // Someone who can write the folder plants a link under the very name the next download gets.
    const auto outside = dir.path() / "outside.png";
    std::ofstream(outside) << "x";
    std::filesystem::create_symlink(outside, downloads / (kDigest + ".png"));
    auto planted = download_path(downloads, kDigest, "image/png");
    REQUIRE_FALSE(planted.ok());
    CHECK(planted.error().code == "path_refused");
}
