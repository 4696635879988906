#include <catch2/catch.hpp>

#include "backend/wa/client/iq_tracker.hpp"

using namespace wagw;
using namespace wagw::wa;
using namespace wagw::wa::client;
using binary::Children;
using binary::Node;

namespace {

Node reply(const std::string& id, const std::string& type, Children children = {}) {
    Node node{"iq", {{"id", id}, {"type", type}}, {}};
    if (!children.empty()) node.content = std::move(children);
    return node;
}

}  // namespace

TEST_CASE("replies complete the request with the same id, once") {
    IqTracker tracker("t-");
    auto now = IqClock::now();
    std::string first = tracker.next_id(), second = tracker.next_id();
    CHECK(first != second);
    std::vector<std::string> seen;
    tracker.expect(first, now + std::chrono::seconds(5),
                   [&](Result<Node> r) { seen.push_back(r ? "first ok" : "first err"); });
    tracker.expect(second, now + std::chrono::seconds(5), [&](Result<Node> r) {
        seen.push_back(r ? "second ok" : "second " + r.error().code + " " + r.error().message);
    });

    CHECK_FALSE(tracker.resolve(reply("unknown", "result")));
    CHECK_FALSE(tracker.resolve(
        Node{"iq", {{"id", second}, {"type", std::string("set")}}, {}}));  // a request, not a reply
    CHECK(tracker.resolve(
        reply(second, "error",
              Children{Node{
                  "error", {{"code", std::string("404")}, {"text", std::string("item-not-found")}}, {}}})));
    CHECK(tracker.resolve(reply(first, "result")));
    CHECK_FALSE(tracker.resolve(reply(first, "result")));  // already answered
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == "second iq_error 404: item-not-found");
    CHECK(seen[1] == "first ok");
    CHECK(tracker.pending() == 0);
}

TEST_CASE("requests past their deadline time out; a late reply is then ignored") {
    IqTracker tracker("t-");
    auto now = IqClock::now();
    std::string soon = tracker.next_id(), later = tracker.next_id();
    std::vector<std::string> seen;
    tracker.expect(soon, now + std::chrono::seconds(1),
                   [&](Result<Node> r) { seen.push_back(r ? "soon ok" : r.error().code); });
    tracker.expect(later, now + std::chrono::seconds(10),
                   [&](Result<Node> r) { seen.push_back(r ? "later ok" : r.error().code); });
    CHECK(tracker.next_deadline() == now + std::chrono::seconds(1));

    CHECK(tracker.expire(now) == 0);
    CHECK(tracker.expire(now + std::chrono::seconds(2)) == 1);
    REQUIRE(seen == std::vector<std::string>{"iq_timeout"});
    CHECK_FALSE(tracker.resolve(reply(soon, "result")));
    CHECK(tracker.next_deadline() == now + std::chrono::seconds(10));

    tracker.fail_all("gone");
    CHECK(seen == std::vector<std::string>{"iq_timeout", "disconnected"});
    CHECK(tracker.next_deadline() == IqClock::time_point::max());
}

TEST_CASE("a callback may send the next request") {
    IqTracker tracker("t-");
    auto now = IqClock::now();
    std::string first = tracker.next_id();
    std::string chained;
    tracker.expect(first, now + std::chrono::seconds(5), [&](Result<Node>) {
        chained = tracker.next_id();
        tracker.expect(chained, now + std::chrono::seconds(5), [](Result<Node>) {});
    });
    CHECK(tracker.resolve(reply(first, "result")));
    CHECK(tracker.pending() == 1);
    CHECK(tracker.resolve(reply(chained, "result")));
}
