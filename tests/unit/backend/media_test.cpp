// The media pieces without HTTP: the SSRF address rules, the multipart reader, and the store against a real
// SQLite file and folder (dedupe by hash, eviction, reopen).
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "backend/api/multipart.hpp"
#include "backend/services/address_rules.hpp"
#include "backend/services/media_store.hpp"
#include "backend/services/media_type.hpp"
#include "backend/store/migrations.hpp"

using namespace wagw;

TEST_CASE("address rules refuse what only the gateway can reach") {
    const services::AddressPolicy strict;
    struct Row {
        const char* address;
        bool allowed;
    };
    const Row rows[] = {
        {"127.0.0.1", false},
        {"127.255.0.9", false},
        {"10.1.2.3", false},
        {"172.16.0.1", false},
        {"172.31.255.255", false},
        {"172.15.0.1", true},
        {"172.32.0.1", true},
        {"192.168.1.1", false},
        {"169.254.169.254", false},
        {"100.64.0.1", false},
        {"100.127.255.1", false},
        {"100.128.0.1", true},
        {"0.0.0.0", false},
        {"224.0.0.1", false},
        {"255.255.255.255", false},
        {"::1", false},
        {"::", false},
        {"fe80::1", false},
        {"fc00::1", false},
        {"fd12:3456::1", false},
        {"ff02::1", false},
        {"::ffff:127.0.0.1", false},
        {"::ffff:10.0.0.1", false},
        {"::ffff:8.8.8.8", true},
        {"::127.0.0.1", false},
        {"64:ff9b::a9fe:a9fe", false},
        {"8.8.8.8", true},
        {"1.1.1.1", true},
        {"93.184.216.34", true},
        {"2606:4700::1111", true},
        {"2a00:1450:4001::200e", true},
    };
    for (const Row& row : rows) {
        INFO(row.address);
        CHECK(!services::address_refusal(row.address, strict).has_value() == row.allowed);
    }
    CHECK(*services::address_refusal("169.254.169.254", strict) == "link-local");
    CHECK(services::address_refusal("not an address", strict).has_value());
}

TEST_CASE("the private-address flag (--media-allow-private) opens private ranges but never unspecified or multicast") {
    services::AddressPolicy lan;
    lan.allow_private = true;
    for (const char* address : {"127.0.0.1", "10.0.0.1", "192.168.0.9", "::1", "fd00::1", "169.254.1.1"}) {
        INFO(address);
        CHECK_FALSE(services::address_refusal(address, lan).has_value());
    }
    for (const char* address : {"0.0.0.0", "::", "224.0.0.1", "ff02::1"}) {
        INFO(address);
        CHECK(services::address_refusal(address, lan).has_value());
    }
    services::AddressPolicy one;
    one.allowed_addresses = {"192.168.1.20"};
    CHECK_FALSE(services::address_refusal("192.168.1.20", one).has_value());
    CHECK(services::address_refusal("192.168.1.21", one).has_value());
}

namespace {

std::string part(const std::string& boundary, const std::string& disposition, const std::string& body) {
    return "--" + boundary + "\r\nContent-Disposition: " + disposition +
           "\r\nContent-Type: image/png\r\n\r\n" + body + "\r\n";
}

}  // namespace

TEST_CASE("multipart: exactly one file part, strictly framed") {
    const std::string b = "XyZ123";
    REQUIRE(api::multipart_boundary("multipart/form-data; boundary=XyZ123").ok());
    CHECK(*api::multipart_boundary("multipart/form-data; boundary=\"a;b c\"") == "a;b c");
    CHECK_FALSE(api::multipart_boundary("multipart/form-data").ok());
    CHECK_FALSE(api::multipart_boundary("image/png").ok());

    SECTION("good, with a field beside the file") {
        const std::string body = part(b, "form-data; name=\"note\"", "hi") +
                                 part(b, "form-data; name=\"file\"; filename=\"a b.png\"", "PNG\r\nbytes") +
                                 "--" + b + "--\r\n";
        auto file = api::read_multipart_file(body, b);
        REQUIRE(file.ok());
        CHECK(file->bytes == "PNG\r\nbytes");
        CHECK(file->file_name == "a b.png");
        CHECK(file->content_type == "image/png");
    }
    SECTION("truncated") {
        const std::string body = part(b, "form-data; name=\"file\"; filename=\"a.png\"", "PNG");
        auto file = api::read_multipart_file(body.substr(0, body.size() - 3), b);
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().code == "invalid_multipart");
        CHECK_FALSE(api::read_multipart_file("--XyZ123\r\nContent-Disposition: form-data", b).ok());
    }
    SECTION("wrong or missing boundary") {
        const std::string body =
            part(b, "form-data; name=\"file\"; filename=\"a.png\"", "PNG") + "--" + b + "--";
        CHECK_FALSE(api::read_multipart_file(body, "other").ok());
        CHECK_FALSE(api::read_multipart_file("just bytes", b).ok());
    }
    SECTION("two files") {
        const std::string body = part(b, "form-data; name=\"a\"; filename=\"a.png\"", "A") +
                                 part(b, "form-data; name=\"b\"; filename=\"b.png\"", "B") + "--" + b + "--";
        auto file = api::read_multipart_file(body, b);
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().message.find("more than one file") != std::string::npos);
    }
    SECTION("no file") {
        CHECK_FALSE(
            api::read_multipart_file(part(b, "form-data; name=\"x\"", "1") + "--" + b + "--", b).ok());
    }
    SECTION("oversize headers and too many parts") {
        const std::string big =
            part(b, "form-data; name=\"file\"; filename=\"" + std::string(5000, 'a') + "\"", "x") + "--" + b +
            "--";
        CHECK_FALSE(api::read_multipart_file(big, b).ok());
        std::string many;
        for (int i = 0; i < 9; ++i) many += part(b, "form-data; name=\"f\"", "x");
        many += "--" + b + "--";
        auto file = api::read_multipart_file(many, b);
        REQUIRE_FALSE(file.ok());
        CHECK(file.error().message.find("more than 8 parts") != std::string::npos);
    }
}

TEST_CASE("media types: declared when useful, else sniffed") {
    CHECK(services::choose_mimetype("image/jpeg; q=1", "x") == "image/jpeg");
    CHECK(services::choose_mimetype("application/octet-stream", "\xFF\xD8\xFF\xE0") == "image/jpeg");
    CHECK(services::choose_mimetype("", "RIFF1234WEBPVP8") == "image/webp");
    CHECK(services::choose_mimetype("", std::string("\0\0\0\x18"
                                                    "ftypmp42",
                                                    12)) == "video/mp4");
    CHECK(services::choose_mimetype("", "OggS\0") == "audio/ogg");
    CHECK(services::choose_mimetype("", "%PDF-1.7") == "application/pdf");
    CHECK(services::choose_mimetype("", "plain") == "application/octet-stream");
    CHECK(services::choose_mimetype("text/html\r\nX: y", "%PDF-1.7") == "application/pdf");
}

namespace {

struct TempStore {
    std::filesystem::path dir;
    TempStore() {
        dir = std::filesystem::temp_directory_path() /
              ("wagw-media-test-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir);
    }
    ~TempStore() { std::filesystem::remove_all(dir); }

    std::unique_ptr<services::MediaStore> open(std::uint64_t cap, std::uint64_t max_file = 1 << 20) {
        auto db = store::Database::open(dir / "wagw.db");
        REQUIRE(db.ok());
        REQUIRE(store::apply_migrations(*db, store::kGatewayComponent, store::gateway_migrations()).ok());
        auto media = services::MediaStore::open(std::move(*db), dir / "media", cap, max_file);
        REQUIRE(media.ok());
        return std::move(*media);
    }
    std::size_t files() const {
        std::size_t count = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir / "media")) {
            (void)entry;
            ++count;
        }
        return count;
    }
};

}  // namespace

TEST_CASE("media store: the same bytes once, owned by a session, kept across a reopen") {
    TempStore temp;
    std::string id;
    {
        auto media = temp.open(1 << 20);
        auto first = media->put("ses_a", "hello", "text/plain", "a.txt");
        auto second = media->put("ses_a", "hello", "text/plain", "b.txt");
        REQUIRE(first.ok());
        REQUIRE(second.ok());
        CHECK(first->sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        CHECK(first->media_id != second->media_id);
        CHECK(temp.files() == 1);
        CHECK_FALSE(media->open("ses_b", first->media_id).ok());  // another session's id
        CHECK(media->put("ses_a", "", "text/plain", "").error().code == "empty");
        CHECK(media->put("ses_a", std::string((1 << 20) + 1, 'x'), "x/y", "").error().code == "too_large");
        id = second->media_id;
    }
    auto reopened = temp.open(1 << 20);
    auto blob = reopened->open("ses_a", id);
    REQUIRE(blob.ok());
    CHECK(blob->bytes == "hello");
    CHECK(blob->info.file_name == "b.txt");
    CHECK(blob->info.mimetype == "text/plain");
}

TEST_CASE("media store: over the cap the least recently used unheld files go") {
    TempStore temp;
    auto media = temp.open(3000, 1000);
    auto a = media->put("s", std::string(1000, 'a'), "x/a", "");
    auto b = media->put("s", std::string(1000, 'b'), "x/b", "");
    auto c = media->put("s", std::string(1000, 'c'), "x/c", "");
    REQUIRE((a.ok() && b.ok() && c.ok()));
    REQUIRE(media->open("s", a->media_id).ok());  // a is now more recent than b
    REQUIRE(media->hold("s", c->media_id).ok());  // c is waiting to be sent
    auto d = media->put("s", std::string(1000, 'd'), "x/d", "");
    REQUIRE(d.ok());
    CHECK(media->open("s", a->media_id).ok());
    CHECK(media->open("s", b->media_id).error().code == "not_found");
    CHECK(media->open("s", c->media_id).ok());
    CHECK(media->open("s", d->media_id).ok());
    CHECK(temp.files() == 3);
    // c is held: the next file pushes out a (least recently used of the rest), not c.
    REQUIRE(media->open("s", d->media_id).ok());
    auto e = media->put("s", std::string(1000, 'e'), "x/e", "");
    REQUIRE(e.ok());
    CHECK(media->open("s", c->media_id).ok());
    CHECK_FALSE(media->open("s", a->media_id).ok());
}
