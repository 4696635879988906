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

TEST_CASE("the phone inbox keeps one message per sender and id; a decrypted copy replaces a failed one",
          "[wasim][offline]") {
    PhoneInbox inbox;
    PhoneInboxEntry first{"3EB0AA", "4915550001:3@s.whatsapp.net", "text", "pkmsg", 1, "4915550001"};
    first.error = "no_session";
    REQUIRE(inbox.add("1555", first));
    PhoneInboxEntry again = first;
    again.from = "4915550001:5@s.whatsapp.net";  // another device of the same account: still the same message
    again.decrypted = true;
    again.error.clear();
    again.text = "hello";
    REQUIRE_FALSE(inbox.add("1555", again));
    REQUIRE_FALSE(inbox.add("1555", first));  // a failed copy never replaces a decrypted one
    REQUIRE(inbox.entries("1555").size() == 1);
    CHECK(inbox.entries("1555").front().decrypted);
    CHECK(inbox.entries("1555").front().text == "hello");
    // The same id from another sender is another message.
    PhoneInboxEntry other = first;
    other.from_phone = "4915550002";
    REQUIRE(inbox.add("1555", other));
    REQUIRE(inbox.entries("1555").size() == 2);
}
