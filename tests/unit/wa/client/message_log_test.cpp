#include <catch2/catch.hpp>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iterator>

#include "backend/wa/client/message_log.hpp"
#include "test_dir.hpp"

using namespace wagw;
using namespace wagw::wa::client;

namespace {

std::vector<std::uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

}  // namespace

TEST_CASE("sent messages and received ids survive reopening the database, with the content sealed") {
    TestDir dir;
    auto file = dir.path() / "client.db";
    auto box = store::SecretBox::from_key_file(dir.path() / "master.key");
    REQUIRE(box.ok());
    const std::string secret_text = "a message nobody should read in the database file";
    {
        auto db = store::Database::open(file);
        REQUIRE(db.ok());
        auto log = MessageLog::open(*db, *box, "main");
        REQUIRE(log.ok());
        REQUIRE(log->remember_sent({"3EB0A", "15551234567@s.whatsapp.net", bytes_of(secret_text), "text", "", 0}).ok());
        REQUIRE(log->remember_received("lid-user", "lid-user.3", "ABC").ok());
    }
    auto db = store::Database::open(file);
    REQUIRE(db.ok());
    auto log = MessageLog::open(*db, *box, "main");
    REQUIRE(log.ok());
    auto found = log->find_sent("3EB0A");
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->chat == "15551234567@s.whatsapp.net");
    CHECK((*found)->message == bytes_of(secret_text));
    CHECK((*found)->type == "text");
    CHECK(*log->was_received("lid-user", "lid-user.3", "ABC"));
    // The same id from another sender or in another chat is a different message.
    CHECK_FALSE(*log->was_received("lid-user", "lid-user.4", "ABC"));
    CHECK_FALSE(*log->was_received("other-chat", "lid-user.3", "ABC"));
    CHECK_FALSE(log->find_sent("unknown")->has_value());

    // Another link in the same file sees none of it.
    auto other = MessageLog::open(*db, *box, "second");
    REQUIRE(other.ok());
    CHECK_FALSE(other->find_sent("3EB0A")->has_value());
    CHECK_FALSE(*other->was_received("lid-user", "lid-user.3", "ABC"));

    for (const char* suffix : {"", "-wal"}) {  // the newest pages may still be in the write-ahead log
        std::ifstream in(file.string() + suffix, std::ios::binary);
        const std::string raw((std::istreambuf_iterator<char>(in)), {});
        CHECK(raw.find(secret_text) == std::string::npos);
    }

    REQUIRE(log->wipe().ok());
    CHECK_FALSE(log->find_sent("3EB0A")->has_value());
    CHECK_FALSE(*log->was_received("lid-user", "lid-user.3", "ABC"));
}

TEST_CASE("the log stays bounded: old rows expire and the newest rows are kept under the cap") {
    TestDir dir;
    auto box = store::SecretBox::from_key_file(dir.path() / "master.key");
    REQUIRE(box.ok());
    auto db = store::Database::open(dir.path() / "client.db");
    REQUIRE(db.ok());
    MessageLogLimits limits;
    limits.max_sent = 10;
    limits.max_received = 10;
    limits.sent_retention = std::chrono::hours(1);
    {
        auto log = MessageLog::open(*db, *box, "main", limits);
        REQUIRE(log.ok());
        const auto now = static_cast<std::int64_t>(std::time(nullptr));
        // Sent two hours ago: past the retention, no longer answered.
        REQUIRE(log->remember_sent({"OLD", "c@s.whatsapp.net", bytes_of("x"), "text", "", now - 7200}).ok());
        CHECK_FALSE(log->find_sent("OLD")->has_value());
        for (int i = 0; i < 300; ++i) {
            REQUIRE(log->remember_sent({"S" + std::to_string(i), "c@s.whatsapp.net", bytes_of("x"), "text", "", 0}).ok());
            REQUIRE(log->remember_received("c", "c.1", "R" + std::to_string(i)).ok());
        }
    }
    // Reopening prunes to the cap, keeping the newest.
    auto log = MessageLog::open(*db, *box, "main", limits);
    REQUIRE(log.ok());
    auto count = [&](const char* table) {
        auto query = db->prepare(std::string("SELECT COUNT(*) FROM ") + table);
        REQUIRE(query.ok());
        REQUIRE(*query->step());
        return query->column_int(0);
    };
    CHECK(count("wa_client_sent_messages") == 10);
    CHECK(count("wa_client_received_ids") == 10);
    CHECK(log->find_sent("S299")->has_value());
    CHECK_FALSE(log->find_sent("S0")->has_value());
    CHECK(*log->was_received("c", "c.1", "R299"));
    CHECK_FALSE(*log->was_received("c", "c.1", "R0"));
}
