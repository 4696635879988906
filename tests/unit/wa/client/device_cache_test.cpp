#include <catch2/catch.hpp>

#include "backend/wa/client/device_cache.hpp"

using namespace wagw;
using namespace wagw::wa;
using namespace wagw::wa::client;
using namespace std::chrono_literals;

namespace {

binary::Jid pn(const std::string& user, std::optional<std::uint16_t> device = std::nullopt) {
    return binary::Jid{user, "s.whatsapp.net", device, 0, 0};
}
binary::Jid lid(const std::string& user, std::optional<std::uint16_t> device = std::nullopt) {
    return binary::Jid{user, "lid", device, 0, 0};
}

// A clock the test moves by hand.
struct ManualClock {
    std::chrono::steady_clock::time_point now{};
    DeviceCache::Clock clock() {
        return [this] { return now; };
    }
};

}  // namespace

TEST_CASE("a user's device list is kept until its time is up") {
    ManualClock time;
    DeviceCache cache({.ttl = 5min, .max_users = 10}, time.clock());
    CHECK_FALSE(cache.find(pn("111")));
    cache.store({pn("111"), lid("911"), {0, 7}});
    auto found = cache.find(pn("111"));
    REQUIRE(found);
    CHECK(found->devices == std::vector<std::uint16_t>{0, 7});
    CHECK(found->lid == lid("911"));
    CHECK(cache.find(pn("111", 3)));  // asked with a device: the user's entry

    time.now += 5min - 1ms;
    CHECK(cache.find(pn("111")));
    time.now += 1ms;
    CHECK_FALSE(cache.find(pn("111")));
    CHECK(cache.size() == 0);
}

TEST_CASE("a device list is forgotten by the user's phone number or LID, and each drop is counted") {
    ManualClock time;
    DeviceCache cache({}, time.clock());
    cache.store({pn("111"), lid("911"), {0, 7}});
    cache.store({pn("222"), lid("922"), {0}});
    const auto generation = cache.generation();

    CHECK_FALSE(cache.forget(pn("333")));
    CHECK(cache.generation() == generation);
    CHECK(cache.forget(lid("911")));  // a devices notification may name the LID only
    CHECK(cache.generation() == generation + 1);
    CHECK_FALSE(cache.find(pn("111")));
    CHECK(cache.forget(pn("222", 4)));
    CHECK(cache.size() == 0);
}

TEST_CASE("a device the list does not hold contradicts it, and unknown users contradict nothing") {
    ManualClock time;
    DeviceCache cache({}, time.clock());
    cache.store({pn("111"), lid("911"), {0, 7}});
    CHECK_FALSE(cache.contradicts(pn("111", 7)));
    CHECK_FALSE(cache.contradicts(lid("911", 0)));
    CHECK(cache.contradicts(pn("111", 8)));
    CHECK(cache.contradicts(lid("911", 8)));
    CHECK_FALSE(cache.contradicts(pn("222", 1)));
    time.now += 6min;
    CHECK_FALSE(cache.contradicts(pn("111", 8)));  // an expired list says nothing
}

TEST_CASE("a full cache drops expired lists first, then the oldest, and a zero TTL keeps nothing") {
    ManualClock time;
    DeviceCache cache({.ttl = 1min, .max_users = 2}, time.clock());
    cache.store({pn("1"), std::nullopt, {0}});
    time.now += 10s;
    cache.store({pn("2"), std::nullopt, {0}});
    cache.store({pn("2"), std::nullopt, {0, 1}});  // a replacement takes no extra room
    CHECK(cache.size() == 2);
    time.now += 10s;
    cache.store({pn("3"), std::nullopt, {0}});
    CHECK(cache.size() == 2);
    CHECK_FALSE(cache.find(pn("1")));
    CHECK(cache.find(pn("2")));
    CHECK(cache.find(pn("3")));

    DeviceCache off({.ttl = 0ms, .max_users = 10}, time.clock());
    off.store({pn("1"), std::nullopt, {0}});
    CHECK_FALSE(off.find(pn("1")));
}
