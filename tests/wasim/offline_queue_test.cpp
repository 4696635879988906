#include <catch2/catch.hpp>

#include "tools/wasim/state/offline_queue.hpp"
#include "tools/wasim/state/phone_inbox.hpp"

using namespace wagw::wasim;

TEST_CASE("offline stanzas come back in order, once, per device", "[wasim][offline]") {
    OfflineQueue queue;
    REQUIRE(queue.push("1555", 1, {"message", {{"id", std::string("a")}}, {}}));
    REQUIRE(queue.push("1555", 1, {"receipt", {{"id", std::string("b")}}, {}}));
    REQUIRE(queue.push("1555", 2, {"message", {{"id", std::string("c")}}, {}}));
    REQUIRE(queue.total() == 3);
    auto first = queue.take("1555", 1);
    REQUIRE(first.size() == 2);
    REQUIRE(first[0].tag == "message");
    REQUIRE(first[1].tag == "receipt");
    REQUIRE(queue.take("1555", 1).empty());
    REQUIRE(queue.size("1555", 2) == 1);
    queue.drop("1555", 2);
    REQUIRE(queue.total() == 0);
}

TEST_CASE("a device's queue is bounded", "[wasim][offline]") {
    OfflineQueue queue;
    for (std::size_t i = 0; i < OfflineQueue::kMaxPerDevice; ++i) REQUIRE(queue.push("1555", 1, {"message", {}, {}}));
    REQUIRE_FALSE(queue.push("1555", 1, {"message", {}, {}}));
    REQUIRE(queue.push("1555", 2, {"message", {}, {}}));
}

TEST_CASE("the phone inbox keeps the most recent entries", "[wasim][offline]") {
    PhoneInbox inbox;
    for (std::size_t i = 0; i < PhoneInbox::kMaxPerPhone + 5; ++i)
        inbox.add("1555", {std::to_string(i), "x", "text", "msg", 0});
    REQUIRE(inbox.entries("1555").size() == PhoneInbox::kMaxPerPhone);
    REQUIRE(inbox.entries("1555").front().id == "5");
    REQUIRE(inbox.entries("other").empty());
}
