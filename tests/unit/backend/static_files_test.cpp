#include <catch2/catch.hpp>

#include <fstream>

#include "backend/api/static_files.hpp"
#include "test_dir.hpp"

using namespace wagw;

TEST_CASE("static files resolve inside the web root only") {
    TestDir dir;
    const auto root = dir.path() / "web";
    std::filesystem::create_directories(root / "fonts");
    std::ofstream(root / "index.html") << "<html></html>";
    std::ofstream(root / "app.wasm") << "wasm";
    std::ofstream(root / "fonts" / "ui.ttf") << "font";
    std::ofstream(dir.path() / "secret.txt") << "not for the web";

    auto index = api::resolve_static_file(root, "/");
    REQUIRE(index);
    CHECK(index->path.filename() == "index.html");
    CHECK(index->content_type == "text/html; charset=utf-8");
    CHECK(api::resolve_static_file(root, "/app.wasm")->content_type == "application/wasm");
    CHECK(api::resolve_static_file(root, "/fonts/ui.ttf")->content_type == "font/ttf");

    CHECK_FALSE(api::resolve_static_file(root, "/../secret.txt"));
    CHECK_FALSE(api::resolve_static_file(root, "/fonts/../../secret.txt"));
    CHECK_FALSE(api::resolve_static_file(root, "/fonts"));  // a folder, not a file
    CHECK_FALSE(api::resolve_static_file(root, "/missing.js"));
    CHECK_FALSE(api::resolve_static_file(root, "relative.html"));
    CHECK_FALSE(api::resolve_static_file(root, std::string_view("/index.html\0x", 13)));
}
