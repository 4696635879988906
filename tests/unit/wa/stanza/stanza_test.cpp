#include <catch2/catch.hpp>

#include <set>

#include "backend/wa/stanza/ack_stanza.hpp"
#include "backend/wa/stanza/message_id.hpp"
#include "backend/wa/stanza/message_stanza.hpp"
#include "backend/wa/stanza/presence_stanza.hpp"
#include "backend/wa/stanza/receipt_stanza.hpp"
#include "tests/unit/wa/stanza/wire_helpers.hpp"

using namespace wagw::wa;
using namespace wagw::wa::stanza;
using namespace wagw::wa::stanza::test;

TEST_CASE("message ids look like the clients' and do not repeat") {
    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = new_message_id("4915550001", 1700000000);
        CHECK(id.size() == 22);
        CHECK(id.starts_with("3EB0"));
        CHECK(id.find_first_not_of("0123456789ABCDEF") == std::string::npos);
        ids.insert(id);
    }
    CHECK(ids.size() == 1000);
}

TEST_CASE("an outgoing message with per-device copies and a device identity round-trips") {
    OutgoingMessage message{new_message_id("4915550001"),
                            jid("4915550002@s.whatsapp.net"),
                            "text",
                            {{jid("4915550002:0@s.whatsapp.net"), {"pkmsg", "", {0x33, 1, 2}, 2}},
                             {jid("4915550002:3@s.whatsapp.net"), {"msg", "", {0x33, 4, 5}, 2}},
                             {jid("4915550001:2@s.whatsapp.net"), {"msg", "", {0x33, 6}, 2}}},
                            std::nullopt,
                            binary::Bytes{9, 9, 9},
                            ""};
    auto parsed = parse_outgoing_message(over_the_wire(build_message_stanza(message)));
    REQUIRE(parsed.ok());
    CHECK(parsed->id == message.id);
    CHECK(parsed->to == message.to);
    CHECK(parsed->participants == message.participants);
    CHECK(parsed->device_identity == message.device_identity);
}

TEST_CASE("a group message carries one skmsg and key copies for members that lack it") {
    OutgoingMessage message{"3EB0AAAAAAAAAAAAAAAAAA", jid("120363000000000001@g.us"), "media",
                            {{jid("4915550003:0@s.whatsapp.net"), {"pkmsg", "image", {1}, 2}}},
                            EncPayload{"skmsg", "image", {0x33, 7, 7}, 2}, std::nullopt, ""};
    auto parsed = parse_outgoing_message(over_the_wire(build_message_stanza(message)));
    REQUIRE(parsed.ok());
    REQUIRE(parsed->group.has_value());
    CHECK(*parsed->group == *message.group);
    CHECK(parsed->participants.front().enc.mediatype == "image");
}

TEST_CASE("a delivered message is read with every attribute the server sets") {
    DeliveredMessage message;
    message.id = "3EB0BBBBBBBBBBBBBBBBBB";
    message.from = jid("123456789012345:0@lid");
    message.type = "text";
    message.timestamp = 1700000123;
    message.push_name = "Ada";
    message.sender_pn = jid("4915550002@s.whatsapp.net");
    message.encs = {{"pkmsg", "", {0x33, 1}, 2}};
    auto parsed = parse_delivered_message(over_the_wire(build_delivered_message(message)));
    REQUIRE(parsed.ok());
    CHECK(parsed->from == message.from);
    CHECK(parsed->timestamp == 1700000123);
    CHECK(parsed->push_name == "Ada");
    CHECK(parsed->sender_pn == message.sender_pn);
    CHECK(parsed->encs == message.encs);
}

TEST_CASE("malformed message stanzas are refused with what is missing") {
    using binary::Node;
    auto no_enc = parse_delivered_message(Node{"message", {{"id", std::string("X")}, {"from", jid("1@s.whatsapp.net")}}, {}});
    REQUIRE_FALSE(no_enc.ok());
    CHECK_THAT(no_enc.error().message, Catch::Contains("enc"));
    auto no_from = parse_delivered_message(Node{"message", {{"id", std::string("X")}}, binary::Children{}});
    REQUIRE_FALSE(no_from.ok());
    CHECK_THAT(no_from.error().message, Catch::Contains("from"));
    auto unknown_enc = parse_delivered_message(
        Node{"message",
             {{"id", std::string("X")}, {"from", jid("1@s.whatsapp.net")}},
             binary::Children{Node{"enc", {{"type", std::string("frank")}}, binary::Bytes{1}}}});
    REQUIRE_FALSE(unknown_enc.ok());
    CHECK(unknown_enc.error().code == "unsupported_ciphertext");
    auto empty_enc = parse_delivered_message(
        Node{"message",
             {{"id", std::string("X")}, {"from", jid("1@s.whatsapp.net")}},
             binary::Children{Node{"enc", {{"type", std::string("msg")}}, binary::Bytes{}}}});
    CHECK_FALSE(empty_enc.ok());
    CHECK_FALSE(parse_outgoing_message(Node{"message", {{"id", std::string("X")}, {"to", jid("1@s.whatsapp.net")}},
                                            binary::Children{}})
                    .ok());
}

TEST_CASE("read receipts for several messages travel as id + list, in both directions") {
    Receipt read{{"ID1", "ID2", "ID3"}, jid("4915550002@s.whatsapp.net"), std::nullopt, std::nullopt,
                 ReceiptType::Read, 1700000000, ""};
    auto sent = parse_receipt(over_the_wire(build_receipt(read, Direction::ToServer)), Direction::ToServer);
    REQUIRE(sent.ok());
    CHECK(sent->ids == read.ids);
    CHECK(sent->type == ReceiptType::Read);
    CHECK(sent->timestamp == 1700000000);

    Receipt delivered{{"ID9"}, jid("4915550002:3@s.whatsapp.net"), std::nullopt, std::nullopt,
                      ReceiptType::Delivered, 0, ""};
    const binary::Node node = build_receipt(delivered, Direction::FromServer);
    CHECK(node.attr("type") == nullptr);  // a plain delivery receipt has no type at all
    auto received = parse_receipt(over_the_wire(node), Direction::FromServer);
    REQUIRE(received.ok());
    CHECK(received->type == ReceiptType::Delivered);
    CHECK(received->peer == delivered.peer);
    CHECK_FALSE(parse_receipt(node, Direction::ToServer).ok());  // it has "from", not "to"
    CHECK(receipt_type_from_name("inactive") == ReceiptType::Inactive);
    CHECK(receipt_type_from_name("something-new") == ReceiptType::Other);
}

TEST_CASE("acks carry the server time or an error") {
    Ack ok{"3EB0CC", "message", jid("4915550002@s.whatsapp.net"), "", std::nullopt, std::nullopt, 1700000001, "", ""};
    auto parsed = parse_ack(over_the_wire(build_ack(ok, Direction::FromServer)), Direction::FromServer);
    REQUIRE(parsed.ok());
    CHECK(parsed->ok());
    CHECK(parsed->timestamp == 1700000001);
    Ack refused = ok;
    refused.error = "479";
    auto failed = parse_ack(build_ack(refused, Direction::FromServer), Direction::FromServer);
    REQUIRE(failed.ok());
    CHECK_FALSE(failed->ok());
    CHECK(failed->error == "479");
    CHECK_FALSE(parse_ack(binary::Node{"ack", {{"id", std::string("x")}}, {}}, Direction::FromServer).ok());
}

TEST_CASE("presence and chat states round-trip; no type means available") {
    auto online = parse_presence(over_the_wire(build_presence({Availability::Available, "Ada", std::nullopt, 0})));
    REQUIRE(online.ok());
    CHECK(online->availability == Availability::Available);
    CHECK(online->push_name == "Ada");
    auto away = parse_presence(over_the_wire(
        build_presence({Availability::Unavailable, "", jid("4915550002@s.whatsapp.net"), 1700000000})));
    REQUIRE(away.ok());
    CHECK(away->availability == Availability::Unavailable);
    CHECK(away->last_seen == 1700000000);
    CHECK(parse_presence(binary::Node{"presence", {}, {}})->availability == Availability::Available);
    CHECK_FALSE(parse_presence(binary::Node{"presence", {{"type", std::string("dancing")}}, {}}).ok());

    for (ChatActivity activity : {ChatActivity::Typing, ChatActivity::Recording, ChatActivity::Paused}) {
        ChatState state{jid("4915550002@s.whatsapp.net"), std::nullopt, activity};
        auto parsed = parse_chat_state(over_the_wire(build_chat_state(state, Direction::ToServer)), Direction::ToServer);
        REQUIRE(parsed.ok());
        CHECK(parsed->activity == activity);
        CHECK(parsed->chat == state.chat);
    }
    CHECK_FALSE(parse_chat_state(binary::Node{"chatstate", {{"from", jid("1@s.whatsapp.net")}}, {}}, Direction::FromServer).ok());
}
