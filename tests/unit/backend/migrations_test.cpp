#include <catch2/catch.hpp>

#include <array>
#include <filesystem>

#include "backend/store/migrations.hpp"
#include "backend/store/settings.hpp"
#include "test_dir.hpp"

using namespace wagw;

namespace {

int count_rows(store::Database& db, const char* sql) {
    auto query = db.prepare(sql);
    REQUIRE(query.ok());
    auto row = query->step();
    REQUIRE(row.ok());
    return static_cast<int>(query->column_int(0));
}

}  // namespace

TEST_CASE("migrations applied twice leave one schema version") {
    TestDir dir;
    const auto file = dir.path() / "wagw.db";
    const int latest = store::gateway_migrations().back().version;
    {
        auto db = store::Database::open(file);
        REQUIRE(db.ok());
        auto version = store::apply_migrations(*db, store::kGatewayComponent, store::gateway_migrations());
        REQUIRE(version.ok());
        CHECK(*version == latest);
    }
    {
        auto db = store::Database::open(file);  // a restart of the gateway
        REQUIRE(db.ok());
        auto version = store::apply_migrations(*db, store::kGatewayComponent, store::gateway_migrations());
        REQUIRE(version.ok());
        CHECK(*version == latest);
        CHECK(count_rows(*db, "SELECT COUNT(*) FROM schema_migrations") ==
              static_cast<int>(store::gateway_migrations().size()));
        CHECK(count_rows(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'settings'") == 1);
    }
}

TEST_CASE("the database uses WAL and keeps data across reopen") {
    TestDir dir;
    const auto file = dir.path() / "wagw.db";
    {
        auto db = store::Database::open(file);
        REQUIRE(db.ok());
        REQUIRE(store::apply_migrations(*db, store::kGatewayComponent, store::gateway_migrations()).ok());
        auto mode = db->prepare("PRAGMA journal_mode");
        REQUIRE(mode.ok());
        REQUIRE(*mode->step());
        CHECK(mode->column_text(0) == "wal");
        store::Settings settings(*db);
        REQUIRE(settings.set("greeting", "hello").ok());
        REQUIRE(settings.set("greeting", "hello again").ok());
    }
    auto db = store::Database::open(file);
    REQUIRE(db.ok());
    store::Settings settings(*db);
    auto value = settings.get("greeting");
    REQUIRE(value.ok());
    CHECK(*value == std::optional<std::string>{"hello again"});
    auto missing = settings.get("nothing");
    REQUIRE(missing.ok());
    CHECK_FALSE(missing->has_value());
}

TEST_CASE("a failing migration is rolled back and reported, leaving the older version") {
    TestDir dir;
    auto db = store::Database::open(dir.path() / "wagw.db");
    REQUIRE(db.ok());
    const std::array migrations{
        store::Migration{1, "good", "CREATE TABLE a (x INTEGER);"},
        store::Migration{2, "bad", "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);"},
    };
    auto version = store::apply_migrations(*db, "test", migrations);
    REQUIRE_FALSE(version.ok());
    CHECK_THAT(version.error().message, Catch::Contains("test migration 2 (bad)"));
    auto now = store::schema_version(*db, "test");
    REQUIRE(now.ok());
    CHECK(*now == 1);
    CHECK(count_rows(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'") == 0);
}

TEST_CASE("opening a database in a missing folder fails with the path in the message") {
    auto db = store::Database::open("/nonexistent-folder/for/wagw.db");
    REQUIRE_FALSE(db.ok());
    CHECK_THAT(db.error().message, Catch::Contains("/nonexistent-folder/for/wagw.db"));
}

TEST_CASE("components keep their own migration versions in one database") {
    TestDir dir;
    auto db = store::Database::open(dir.path() / "wagw.db");
    REQUIRE(db.ok());
    const std::array first{store::Migration{1, "a", "CREATE TABLE first_a (x INTEGER);"},
                           store::Migration{2, "b", "CREATE TABLE first_b (x INTEGER);"}};
    const std::array second{store::Migration{1, "a", "CREATE TABLE second_a (x INTEGER);"}};
    REQUIRE(*store::apply_migrations(*db, "first", first) == 2);
    REQUIRE(*store::apply_migrations(*db, "second", second) == 1);
    CHECK(*store::schema_version(*db, "first") == 2);
    CHECK(*store::schema_version(*db, "second") == 1);
    CHECK(count_rows(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('first_a','first_b','second_a')") == 3);
}

TEST_CASE("nested transactions become savepoints: an inner rollback keeps the outer work") {
    TestDir dir;
    auto db = store::Database::open(dir.path() / "wagw.db");
    REQUIRE(db.ok());
    REQUIRE(db->execute("CREATE TABLE t (x INTEGER)").ok());
    {
        auto outer = store::Transaction::begin(*db);
        REQUIRE(outer.ok());
        REQUIRE(db->execute("INSERT INTO t VALUES (1)").ok());
        {
            auto inner = store::Transaction::begin(*db);
            REQUIRE(inner.ok());
            REQUIRE(db->execute("INSERT INTO t VALUES (2)").ok());
        }  // rolled back
        {
            auto inner = store::Transaction::begin(*db);
            REQUIRE(inner.ok());
            REQUIRE(db->execute("INSERT INTO t VALUES (3)").ok());
            REQUIRE(inner->commit().ok());
        }
        REQUIRE(outer->commit().ok());
    }
    CHECK(count_rows(*db, "SELECT COUNT(*) FROM t") == 2);
    CHECK(count_rows(*db, "SELECT SUM(x) FROM t") == 4);
    CHECK_FALSE(db->in_transaction());
}
