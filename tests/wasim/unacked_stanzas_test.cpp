#include <catch2/catch.hpp>

#include "tools/wasim/state/offline_queue.hpp"
#include "tools/wasim/state/unacked_stanzas.hpp"

using namespace wagw::wasim;
using wagw::wa::binary::Node;

namespace {
Node stanza(const char* tag, const char* id) {
    return {tag, {{"id", std::string(id)}}, {}};
}
}  // namespace

TEST_CASE("a receipt or an ack settles what a connection was given; the rest comes back in order",
          "[wasim][unacked]") {
    UnackedStanzas unacked;
    unacked.sent(stanza("message", "m1"));
    unacked.sent(stanza("receipt", "m1"));  // same id, other kind: settled separately
    unacked.sent(stanza("message", "m2"));
    unacked.sent(stanza("notification", "n1"));
    unacked.sent(stanza("message", "m3"));
    unacked.sent(Node{"ib", {}, {}});       // needs no acknowledgement
    unacked.sent(Node{"message", {}, {}});  // no id: nothing to match an ack with
    REQUIRE(unacked.size() == 5);

    unacked.acknowledged("message", "m1");
    unacked.acknowledged("notification", "n1");
    unacked.acknowledged("message", "unknown");
    auto left = unacked.take();
    REQUIRE(left.size() == 3);
    CHECK(left[0].tag == "receipt");
    CHECK(*left[1].attr_text("id") == "m2");
    CHECK(*left[2].attr_text("id") == "m3");
    CHECK(unacked.size() == 0);
    CHECK(unacked.take().empty());
}

TEST_CASE("a re-delivered stanza is tracked once", "[wasim][unacked]") {
    UnackedStanzas unacked;
    unacked.sent(stanza("message", "m1"));
    unacked.sent(stanza("message", "m2"));
    unacked.sent(stanza("message", "m1"));
    REQUIRE(unacked.size() == 2);
    unacked.acknowledged("message", "m1");
    REQUIRE(unacked.size() == 1);
}

TEST_CASE("a connection that never acknowledges keeps only the newest", "[wasim][unacked]") {
    UnackedStanzas unacked;
    for (std::size_t i = 0; i < UnackedStanzas::kMaxPerConnection + 3; ++i)
        unacked.sent(stanza("message", std::to_string(i).c_str()));
    auto left = unacked.take();
    REQUIRE(left.size() == UnackedStanzas::kMaxPerConnection);
    CHECK(*left.front().attr_text("id") == "3");
}

TEST_CASE("unacknowledged stanzas go ahead of what was queued since the drop", "[wasim][unacked][offline]") {
    OfflineQueue queue;
    REQUIRE(queue.push("1555", 1, stanza("message", "queued-after-drop")));
    std::vector<Node> unacknowledged{stanza("message", "given-1"), stanza("message", "given-2")};
    queue.push_front("1555", 1, std::move(unacknowledged));
    REQUIRE(queue.total() == 3);
    auto all = queue.take("1555", 1);
    REQUIRE(all.size() == 3);
    CHECK(*all[0].attr_text("id") == "given-1");
    CHECK(*all[1].attr_text("id") == "given-2");
    CHECK(*all[2].attr_text("id") == "queued-after-drop");
}
