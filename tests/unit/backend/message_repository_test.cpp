// The messages table on a real SQLite file: the outbox order, idempotency keys, statuses that only move on,
// the timeline, incoming messages stored once, paging newest first, and rows surviving a reopen (a restart).
#include <catch2/catch.hpp>

#include "backend/store/message_repository.hpp"
#include "backend/store/migrations.hpp"
#include "backend/store/session_repository.hpp"
#include "test_dir.hpp"

using namespace wagw;
using model::MessageStatus;

namespace {

store::Database open_gateway_db(const std::filesystem::path& file) {
    auto db = store::Database::open(file);
    REQUIRE(db.ok());
    REQUIRE(store::apply_migrations(*db, store::kGatewayComponent, store::gateway_migrations()).ok());
    return std::move(*db);
}

void add_session(store::Database& db, const std::string& id) {
    model::Session session;
    session.id = id;
    session.name = id;
    REQUIRE(store::SessionRepository(db).insert(session).ok());
}

model::Message outgoing(const std::string& id, const std::string& text, std::int64_t at_ms,
                        const std::string& chat = "4915550001@s.whatsapp.net") {
    model::Message m;
    m.session_id = "ses_a";
    m.id = id;
    m.chat = chat;
    m.type = "text";
    m.text = text;
    m.content = {{"to", chat}, {"type", "text"}, {"text", text}};
    m.status = MessageStatus::queued;
    m.status_reason = "accepted";
    m.created_at = m.updated_at = at_ms;
    return m;
}

}  // namespace

TEST_CASE("the outbox gives queued messages oldest first and they survive a reopen") {
    TestDir dir;
    {
        auto db = open_gateway_db(dir.path() / "wagw.db");
        add_session(db, "ses_a");
        store::MessageRepository messages(db);
        REQUIRE(messages.insert_outgoing(outgoing("3EB0000000000000000001", "one", 1000), "", "").ok());
        REQUIRE(messages.insert_outgoing(outgoing("3EB0000000000000000002", "two", 1001), "", "").ok());
        REQUIRE(messages.insert_outgoing(outgoing("3EB0000000000000000003", "three", 1002), "", "").ok());
        auto first = messages.next_queued("ses_a");
        REQUIRE(first.ok());
        REQUIRE(*first);
        CHECK((*first)->id == "3EB0000000000000000001");
        auto sent =
            messages.advance("ses_a", "3EB0000000000000000001", MessageStatus::sent, "ack", 2000, 1700000000);
        REQUIRE(sent.ok());
        REQUIRE(*sent);
        CHECK((*sent)->status == MessageStatus::sent);
        CHECK((*sent)->timestamp == 1700000000);
    }
    // A restart: the unacknowledged ones are still queued, in order, with their ids.
    auto db = open_gateway_db(dir.path() / "wagw.db");
    store::MessageRepository messages(db);
    auto next = messages.next_queued("ses_a");
    REQUIRE(next.ok());
    REQUIRE(*next);
    CHECK((*next)->id == "3EB0000000000000000002");
    CHECK((*next)->content["text"] == "two");
    CHECK(*messages.count_queued("ses_a") == 2);
    CHECK(*messages.count_queued("ses_other") == 0);
}

TEST_CASE("statuses only move forward, every change is in the timeline, and only a queued message can fail") {
    TestDir dir;
    auto db = open_gateway_db(dir.path() / "wagw.db");
    add_session(db, "ses_a");
    store::MessageRepository messages(db);
    const std::string id = "3EB0000000000000000009";
    REQUIRE(messages.insert_outgoing(outgoing(id, "hi", 1000), "", "").ok());
    CHECK(*messages.advance("ses_a", id, MessageStatus::sent, "ack", 1100));
    CHECK(*messages.advance("ses_a", id, MessageStatus::read, "read receipt", 1300));
    // A delivery receipt that arrives after the read one changes nothing, nor does a second read or a
    // failure.
    CHECK_FALSE(*messages.advance("ses_a", id, MessageStatus::delivered, "late", 1400));
    CHECK_FALSE(*messages.advance("ses_a", id, MessageStatus::read, "again", 1500));
    CHECK_FALSE(*messages.advance("ses_a", id, MessageStatus::failed, "too late", 1600));
    CHECK(*messages.advance("ses_a", id, MessageStatus::played, "played", 1700));
    CHECK_FALSE(*messages.advance("ses_a", "3EB0FFFFFFFFFFFFFFFFFF", MessageStatus::sent, "unknown", 1800));

    auto found = messages.find("ses_a", id);
    REQUIRE(found.ok());
    REQUIRE(*found);
    CHECK((*found)->status == MessageStatus::played);
    auto timeline = messages.timeline((*found)->seq);
    REQUIRE(timeline.ok());
    std::vector<std::string> steps;
    for (const auto& change : *timeline) steps.push_back(std::string(model::status_name(change.status)));
    CHECK(steps == std::vector<std::string>{"queued", "sent", "read", "played"});
    CHECK(timeline->back().at_ms == 1700);

    const std::string doomed = "3EB0000000000000000010";
    REQUIRE(messages.insert_outgoing(outgoing(doomed, "x", 2000), "", "").ok());
    auto failed = messages.advance("ses_a", doomed, MessageStatus::failed, "no such recipient", 2100);
    REQUIRE(*failed);
    CHECK((*failed)->status_reason == "no such recipient");
    CHECK_FALSE(*messages.advance("ses_a", doomed, MessageStatus::sent, "ack", 2200));
    CHECK_FALSE(*messages.next_queued("ses_a"));
}

TEST_CASE("an idempotency key is unique per session and remembers what it was used for") {
    TestDir dir;
    auto db = open_gateway_db(dir.path() / "wagw.db");
    add_session(db, "ses_a");
    add_session(db, "ses_b");
    store::MessageRepository messages(db);
    REQUIRE(messages.insert_outgoing(outgoing("3EB0000000000000000011", "a", 1000), "key-1", "hash-a").ok());
    auto earlier = messages.find_idempotency_key("ses_a", "key-1");
    REQUIRE(earlier.ok());
    REQUIRE(*earlier);
    CHECK((*earlier)->id == "3EB0000000000000000011");
    CHECK((*earlier)->request_hash == "hash-a");
    CHECK_FALSE(*messages.find_idempotency_key("ses_a", "key-2"));

    auto reused = messages.insert_outgoing(outgoing("3EB0000000000000000012", "b", 1001), "key-1", "hash-b");
    REQUIRE_FALSE(reused.ok());
    CHECK(reused.error().code == "idempotency_conflict");
    // The other session may use the same key; and nothing of the refused insert was kept.
    auto other = outgoing("3EB0000000000000000013", "c", 1002);
    other.session_id = "ses_b";
    REQUIRE(messages.insert_outgoing(other, "key-1", "hash-c").ok());
    CHECK(*messages.count_queued("ses_a") == 1);
    CHECK_FALSE(*messages.find("ses_a", "3EB0000000000000000012"));
}

TEST_CASE("incoming messages are stored once per chat and id; lists page newest first") {
    TestDir dir;
    auto db = open_gateway_db(dir.path() / "wagw.db");
    add_session(db, "ses_a");
    store::MessageRepository messages(db);
    model::Message in;
    in.session_id = "ses_a";
    in.id = "ABCDEF0123";
    in.chat = "4915550002@s.whatsapp.net";
    in.outgoing = false;
    in.type = "text";
    in.sender = "4915550002:0@s.whatsapp.net";
    in.push_name = "Bob";
    in.text = "hello";
    in.status = MessageStatus::received;
    in.created_at = in.updated_at = 500;
    auto first_insert = messages.insert_incoming(in);
    INFO((first_insert ? std::string() : first_insert.error().message));
    REQUIRE(first_insert.ok());
    CHECK(*first_insert == true);
    CHECK(*messages.insert_incoming(in) == false);  // the server delivered it again
    auto same_id_other_chat = in;
    same_id_other_chat.chat = "4915550003@s.whatsapp.net";
    CHECK(*messages.insert_incoming(same_id_other_chat) == true);

    for (int i = 0; i < 5; ++i)
        REQUIRE(messages
                    .insert_outgoing(outgoing("3EB000000000000000002" + std::to_string(i),
                                              "n" + std::to_string(i), 1000 + i),
                                     "", "")
                    .ok());
    store::MessageRepository::ListFilter filter;
    filter.limit = 3;
    auto page = messages.list("ses_a", filter);
    REQUIRE(page.ok());
    REQUIRE(page->size() == 3);
    CHECK(page->at(0).text == "n4");
    CHECK(page->at(2).text == "n2");
    filter.before_seq = page->back().seq;
    auto rest = messages.list("ses_a", filter);
    REQUIRE(rest->size() == 3);
    CHECK(rest->at(0).text == "n1");
    CHECK(rest->at(2).chat == "4915550003@s.whatsapp.net");

    store::MessageRepository::ListFilter incoming;
    incoming.outgoing = false;
    incoming.chat = "4915550002@s.whatsapp.net";
    auto only_in = messages.list("ses_a", incoming);
    REQUIRE(only_in->size() == 1);
    CHECK(only_in->front().push_name == "Bob");
    CHECK_FALSE(only_in->front().outgoing);
}
