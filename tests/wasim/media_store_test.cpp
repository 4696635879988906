#include <catch2/catch.hpp>

#include <fstream>

#include "test_dir.hpp"
#include "tools/wasim/state/media_store.hpp"

using namespace wagw::wasim;

namespace {

std::size_t files_in(const std::filesystem::path& directory) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) ++count;
    return count;
}

}  // namespace

TEST_CASE("media blobs in memory come back by their direct path, query ignored", "[wasim][media]") {
    MediaStore store;
    auto path = store.put("image", std::string("\x00\x01\x02", 3));
    REQUIRE(path);
    REQUIRE(path->starts_with("/v/t62.7118-24/1-image-"));
    REQUIRE(path->find('?') != std::string::npos);
    auto blob = store.get(*path + "&hash=x");
    REQUIRE(blob);
    REQUIRE(*blob == std::string("\x00\x01\x02", 3));
    REQUIRE(store.get("/v/t62.7118-24/nope.enc").error().code == "not_found");
    REQUIRE(store.total_bytes() == 3);
}

TEST_CASE("media blobs on disk survive a reopen, and new ones do not reuse old paths", "[wasim][media]") {
    TestDir dir;
    const auto media_dir = dir.path() / "media";
    std::string first_path;
    {
        auto store = MediaStore::open_directory(media_dir);
        REQUIRE(store);
        auto path = store->put("document", std::string(5000, 'x'));
        REQUIRE(path);
        first_path = *path;
    }
    std::ofstream(media_dir / "9-image-abc.enc.tmp") << "half a blob";  // a write cut short by a crash
    auto store = MediaStore::open_directory(media_dir);
    REQUIRE(store);
    REQUIRE(store->count() == 1);
    REQUIRE(store->total_bytes() == 5000);
    auto blob = store->get(first_path);
    REQUIRE(blob);
    REQUIRE(*blob == std::string(5000, 'x'));
    REQUIRE_FALSE(std::filesystem::exists(media_dir / "9-image-abc.enc.tmp"));
    auto second = store->put("image", "y");
    REQUIRE(second);
    REQUIRE(second->starts_with("/v/t62.7118-24/2-image-"));
    REQUIRE(files_in(media_dir) == 2);
}

TEST_CASE("a full media store evicts its oldest blobs, on disk too", "[wasim][media]") {
    TestDir dir;
    const auto media_dir = dir.path() / "media";
    std::vector<std::string> paths;
    {
        auto store = MediaStore::open_directory(media_dir, 100);
        REQUIRE(store);
        for (int i = 0; i < 3; ++i) {
            auto path = store->put("image", std::string(40, static_cast<char>('a' + i)));
            REQUIRE(path);
            paths.push_back(*path);
        }
        REQUIRE(store->total_bytes() == 80);  // the first went to make room for the third
        REQUIRE(store->get(paths[0]).error().code == "not_found");
        REQUIRE(*store->get(paths[2]) == std::string(40, 'c'));
        REQUIRE(files_in(media_dir) == 2);
        REQUIRE(store->put("image", std::string(101, 'z')).error().code == "media_store_full");
        REQUIRE(store->count() == 2);
    }
    // Reopened under a lower bound: the oldest goes first again.
    auto store = MediaStore::open_directory(media_dir, 50);
    REQUIRE(store);
    REQUIRE(store->count() == 1);
    REQUIRE(*store->get(paths[2]) == std::string(40, 'c'));
    REQUIRE(files_in(media_dir) == 1);

    MediaStore memory(10);
    REQUIRE(memory.put("image", "0123456789"));
    auto last = memory.put("image", "abc");
    REQUIRE(last);
    REQUIRE(memory.count() == 1);
    REQUIRE(*memory.get(*last) == "abc");
}
