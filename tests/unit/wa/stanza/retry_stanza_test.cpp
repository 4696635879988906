#include <catch2/catch.hpp>

#include "backend/wa/stanza/retry_stanza.hpp"
#include "tests/unit/wa/stanza/wire_helpers.hpp"

using namespace wagw::wa;
using namespace wagw::wa::stanza;
using namespace wagw::wa::stanza::test;

namespace {


Bytes filled(std::size_t size, std::uint8_t value) { return Bytes(size, value); }

// A retry receipt as the server delivers it: the attribute that named the peer ("to") becomes "from".
binary::Node as_delivered(binary::Node receipt) {
    for (auto& attribute : receipt.attrs)
        if (attribute.key == "to") attribute.key = "from";
    return receipt;
}

}  // namespace

TEST_CASE("a first retry receipt carries the count, the message time and the registration id, no keys") {
    RetryReceipt receipt;
    receipt.id = "3EB0AABBCCDDEEFF001122";
    receipt.peer = jid("123456789012345:4@lid");
    receipt.count = 1;
    receipt.message_timestamp = "1700000000";
    receipt.registration_id = 0x01020304;
    const binary::Node node = over_the_wire(build_retry_receipt(receipt, Direction::ToServer));
    CHECK(node.tag == "receipt");
    CHECK(*node.attr_text("type") == "retry");
    const binary::Node* retry = node.child("retry");
    REQUIRE(retry);
    CHECK(*retry->attr_text("count") == "1");
    CHECK(*retry->attr_text("id") == receipt.id);
    CHECK(*retry->attr_text("t") == "1700000000");
    CHECK(*retry->attr_text("v") == "1");
    REQUIRE(node.child("registration"));
    CHECK(*node.child("registration")->bytes() == Bytes{1, 2, 3, 4});
    CHECK(node.child("keys") == nullptr);

    auto parsed = parse_retry_receipt(as_delivered(node), Direction::FromServer);
    REQUIRE(parsed.ok());
    CHECK(parsed->id == receipt.id);
    CHECK(parsed->peer == receipt.peer);
    CHECK(parsed->count == 1);
    CHECK(parsed->registration_id == 0x01020304u);
    CHECK_FALSE(parsed->keys.has_value());
}

TEST_CASE("a later retry receipt carries the keys a new session is built from, and they read back") {
    RetryKeys keys;
    keys.identity = filled(32, 0x11);
    keys.pre_key_id = 0xABCDEF;
    keys.pre_key = filled(32, 0x22);
    keys.signed_pre_key_id = 7;
    keys.signed_pre_key = filled(32, 0x33);
    keys.signed_pre_key_signature = filled(64, 0x44);
    keys.device_identity = {0x0a, 0x01, 0x02};
    RetryReceipt receipt;
    receipt.id = "3EB0000000000000000001";
    receipt.peer = jid("120363000000000001@g.us");
    receipt.participant = jid("15551234567:2@s.whatsapp.net");
    receipt.count = 2;
    receipt.registration_id = 99;
    receipt.keys = keys;
    const binary::Node node = over_the_wire(build_retry_receipt(receipt, Direction::ToServer));
    const binary::Node* wire_keys = node.child("keys");
    REQUIRE(wire_keys);
    CHECK(*wire_keys->child("type")->bytes() == Bytes{0x05});
    CHECK(*wire_keys->child("key")->child("id")->bytes() == Bytes{0xAB, 0xCD, 0xEF});

    auto parsed = parse_retry_receipt(as_delivered(node), Direction::FromServer);
    REQUIRE(parsed.ok());
    CHECK(parsed->count == 2);
    CHECK(parsed->participant == receipt.participant);
    REQUIRE(parsed->keys.has_value());
    CHECK(parsed->keys->identity == keys.identity);
    CHECK(parsed->keys->pre_key_id == keys.pre_key_id);
    CHECK(parsed->keys->pre_key == keys.pre_key);
    CHECK(parsed->keys->signed_pre_key_id == 7u);
    CHECK(parsed->keys->signed_pre_key == keys.signed_pre_key);
    CHECK(parsed->keys->signed_pre_key_signature == keys.signed_pre_key_signature);
    CHECK(parsed->keys->device_identity == keys.device_identity);
}

TEST_CASE("malformed retry receipts are refused with a reason") {
    RetryReceipt receipt;
    receipt.id = "X";
    receipt.peer = jid("15551234567:2@s.whatsapp.net");
    binary::Node good = as_delivered(build_retry_receipt(receipt, Direction::ToServer));
    REQUIRE(parse_retry_receipt(good, Direction::FromServer).ok());

    binary::Node no_registration = good;
    std::get<binary::Children>(no_registration.content).pop_back();
    CHECK_FALSE(parse_retry_receipt(no_registration, Direction::FromServer).ok());

    binary::Node bad_count = good;
    std::get<binary::Children>(bad_count.content).front().attrs.front().value = std::string("two");
    CHECK_FALSE(parse_retry_receipt(bad_count, Direction::FromServer).ok());

    receipt.keys = RetryKeys{filled(31, 1), 1, filled(32, 2), 1, filled(32, 3), filled(64, 4), {}};
    binary::Node short_identity = as_delivered(build_retry_receipt(receipt, Direction::ToServer));
    CHECK_FALSE(parse_retry_receipt(short_identity, Direction::FromServer).ok());

    binary::Node delivery{"receipt", {{"id", std::string("X")}, {"from", receipt.peer}}, {}};
    CHECK_FALSE(parse_retry_receipt(delivery, Direction::FromServer).ok());
}

TEST_CASE("a re-sent message goes to one device with the same id, the retry count and the device identity") {
    RetryResend resend;
    resend.id = "3EB0000000000000000002";
    resend.device = jid("15551234567:3@s.whatsapp.net");
    resend.recipient = jid("15557654321@s.whatsapp.net");
    resend.type = "text";
    resend.enc = EncPayload{"pkmsg", "", {1, 2, 3}, 2};
    resend.count = 2;
    resend.device_identity = Bytes{9, 9};
    const binary::Node node = over_the_wire(build_retry_resend(resend));
    CHECK(node.tag == "message");
    CHECK(*node.attr_text("id") == resend.id);
    CHECK(*node.attr_jid("to") == resend.device);
    CHECK(*node.attr_jid("recipient") == *resend.recipient);
    const binary::Node* enc = node.child("enc");
    REQUIRE(enc);
    CHECK(*enc->attr_text("type") == "pkmsg");
    CHECK(*enc->attr_text("count") == "2");
    CHECK(*enc->bytes() == Bytes{1, 2, 3});
    REQUIRE(node.child("device-identity"));
    CHECK(node.child("participants") == nullptr);
}
