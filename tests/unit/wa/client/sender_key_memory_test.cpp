#include <catch2/catch.hpp>

#include "backend/wa/client/sender_key_memory.hpp"
#include "test_dir.hpp"

using namespace wagw;
using namespace wagw::wa::client;

TEST_CASE("the devices holding our sender key are remembered per group until the group or the device is forgotten") {
    TestDir dir;
    const std::set<std::string> devices{"111_1.0", "111_1.2", "222_1.5"};
    {
        auto db = store::Database::open(dir.path() / "client.db");
        REQUIRE(db.ok());
        auto memory = SenderKeyMemory::open(*db, "main");
        REQUIRE(memory.ok());
        CHECK(memory->devices_with_key("g1@g.us")->empty());
        REQUIRE(memory->remember("g1@g.us", devices).ok());
        REQUIRE(memory->remember("g2@g.us", {"111_1.0"}).ok());
    }
    auto db = store::Database::open(dir.path() / "client.db");
    REQUIRE(db.ok());
    auto memory = SenderKeyMemory::open(*db, "main");
    REQUIRE(memory.ok());
    CHECK(*memory->devices_with_key("g1@g.us") == devices);  // survives a restart

    // A device that asked again loses its entry; the others keep theirs.
    REQUIRE(memory->forget_device("g1@g.us", "111_1.2").ok());
    CHECK(*memory->devices_with_key("g1@g.us") == std::set<std::string>{"111_1.0", "222_1.5"});
    // A membership change forgets the whole group, and only that group.
    REQUIRE(memory->forget_group("g1@g.us").ok());
    CHECK(memory->devices_with_key("g1@g.us")->empty());
    CHECK(*memory->devices_with_key("g2@g.us") == std::set<std::string>{"111_1.0"});

    // Another link in the same file is separate; a wipe clears only this link.
    auto other = SenderKeyMemory::open(*db, "second");
    REQUIRE(other.ok());
    REQUIRE(other->remember("g2@g.us", {"333_1.1"}).ok());
    REQUIRE(memory->wipe().ok());
    CHECK(memory->devices_with_key("g2@g.us")->empty());
    CHECK(*other->devices_with_key("g2@g.us") == std::set<std::string>{"333_1.1"});
}
