#include <catch2/catch.hpp>

#include "backend/services/admin_key.hpp"
#include "backend/store/migrations.hpp"
#include "test_dir.hpp"

using namespace wagw;

TEST_CASE("the admin key is created once, stored only as a hash, and verifies") {
    TestDir dir;
    auto db = store::Database::open(dir.path() / "wagw.db");
    REQUIRE(db.ok());
    REQUIRE(store::apply_migrations(*db, store::kGatewayComponent, store::gateway_migrations()).ok());
    store::Settings settings(*db);

    auto first = services::ensure_admin_key(settings);
    REQUIRE(first.ok());
    REQUIRE(first->has_value());
    const std::string key = **first;
    CHECK(key.starts_with("wagw_"));
    CHECK(key.size() == 5 + 43);

    auto second = services::ensure_admin_key(settings);
    REQUIRE(second.ok());
    CHECK_FALSE(second->has_value());  // never shown again

    auto dump = db->prepare("SELECT group_concat(value, '|') FROM settings");
    REQUIRE(dump.ok());
    REQUIRE(*dump->step());
    CHECK(dump->column_text(0).find(key) == std::string::npos);
    CHECK(dump->column_text(0).find(key.substr(5)) == std::string::npos);

    CHECK(*services::is_admin_key(settings, key));
    CHECK_FALSE(*services::is_admin_key(settings, key + "x"));
    CHECK_FALSE(*services::is_admin_key(settings, ""));
}
