// Message ids from the network: every reader refuses an id that is not 1 to 128 of [A-Za-z0-9._-] (or is "."
// or
// ".."), with code bad_message_id, before anything else in the stanza is looked at. Such ids used to pass as
// long as they were not empty, and reached file names (`wagw client listen --download`) and JSON lines above.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "backend/fs/contained_path.hpp"
#include "backend/wa/stanza/ack_stanza.hpp"
#include "backend/wa/stanza/message_id.hpp"
#include "backend/wa/stanza/message_stanza.hpp"
#include "backend/wa/stanza/receipt_stanza.hpp"
#include "backend/wa/stanza/retry_stanza.hpp"
#include "tests/unit/wa/stanza/wire_helpers.hpp"

using namespace wagw::wa;
using namespace wagw::wa::stanza;
using namespace wagw::wa::stanza::test;

namespace {

const std::vector<std::string> kHostileIds = {
    "../../x",
    "../../x.txt",
    "/abs/path",
    "/abs",
    "a\"b",
    "\",\"event\":\"forged",
    std::string(200, 'A'),
    std::string(129, '7'),
    ".",
    "..",
    "a/b",
    "a\\b",
    "a b",
    "id\n{}",
    std::string("a\0b", 3),
    "\xC3\xA9",
};

const std::vector<std::string> kRealIds = {
    "3EB0ABCDEF0123456789AB",            // ours, whatsmeow's, Baileys'
    "4A1F0C2B3D5E6F708192A3B4C5D6E7F8",  // phones
    "2854713468",
    "1234.5678-90_x",
    "A",
    std::string(128, 'f'),
};

DeliveredMessage delivered_with(std::string id) {
    DeliveredMessage message;
    message.id = std::move(id);
    message.from = jid("4915550002:3@s.whatsapp.net");
    message.type = "text";
    message.timestamp = 1700000000;
    message.encs = {{"msg", "", {0x33, 1, 2}, 2}};
    return message;
}

}  // namespace

TEST_CASE("message ids: the accepted set is exactly the plain file names") {
    for (const auto& id : kHostileIds) {
        INFO(id);
        CHECK_FALSE(is_valid_message_id(id));
        CHECK_FALSE(wagw::fs::is_plain_file_name(id));
    }
    for (const auto& id : kRealIds) {
        INFO(id);
        CHECK(is_valid_message_id(id));
        CHECK(wagw::fs::is_plain_file_name(id));
    }
    CHECK(is_valid_message_id(new_message_id("4915550001")));
    // Every single byte agrees with the file-name rule.
    for (int c = 0; c < 256; ++c) {
        const std::string one(1, static_cast<char>(c));
        INFO(c);
        CHECK(is_valid_message_id(one) == wagw::fs::is_plain_file_name(one));
    }
}

TEST_CASE("a delivered message with a hostile id is refused with bad_message_id") {
    for (const auto& id : kHostileIds) {
        INFO(id);
        auto parsed = parse_delivered_message(over_the_wire(build_delivered_message(delivered_with(id))));
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == "bad_message_id");
        // The error names the stanza, never the id itself (it ends up in logs).
        if (id.size() > 2) CHECK(parsed.error().message.find(id) == std::string::npos);
    }
    for (const auto& id : kRealIds) {
        INFO(id);
        auto parsed = parse_delivered_message(over_the_wire(build_delivered_message(delivered_with(id))));
        REQUIRE(parsed.ok());
        CHECK(parsed->id == id);
    }
}

TEST_CASE("outgoing messages, receipts (their list items too), retry receipts and acks refuse hostile ids") {
    const std::string bad = "../../x";
    OutgoingMessage outgoing{bad,
                             jid("4915550002@s.whatsapp.net"),
                             "text",
                             {{jid("4915550002:0@s.whatsapp.net"), {"msg", "", {0x33, 1}, 2}}},
                             std::nullopt,
                             std::nullopt,
                             ""};
    CHECK(parse_outgoing_message(over_the_wire(build_message_stanza(outgoing))).error().code ==
          "bad_message_id");

    Receipt receipt{{bad}, jid("4915550002@s.whatsapp.net"), std::nullopt, std::nullopt, ReceiptType::Read, 0,
                    ""};
    CHECK(parse_receipt(over_the_wire(build_receipt(receipt, Direction::FromServer)), Direction::FromServer)
              .error()
              .code == "bad_message_id");
    // A good first id does not carry a bad one in the list.
    receipt.ids = {"3EB0AAAA", "3EB0BBBB", "/abs"};
    CHECK(parse_receipt(over_the_wire(build_receipt(receipt, Direction::FromServer)), Direction::FromServer)
              .error()
              .code == "bad_message_id");
    receipt.ids = {"3EB0AAAA", "3EB0BBBB"};
    CHECK(parse_receipt(over_the_wire(build_receipt(receipt, Direction::FromServer)), Direction::FromServer)
              .ok());

    RetryReceipt retry;
    retry.id = "a\"b";
    retry.peer = jid("123456789012345:4@lid");
    retry.registration_id = 7;
    CHECK(parse_retry_receipt(over_the_wire(build_retry_receipt(retry, Direction::FromServer)),
                              Direction::FromServer)
              .error()
              .code == "bad_message_id");

    Ack ack{std::string(200, 'A'),
            "message",
            jid("4915550002@s.whatsapp.net"),
            "",
            std::nullopt,
            std::nullopt,
            0,
            "",
            ""};
    CHECK(
        parse_ack(over_the_wire(build_ack(ack, Direction::FromServer)), Direction::FromServer).error().code ==
        "bad_message_id");
}

TEST_CASE("ids a caller picks for its own messages: 3EB0 and 16 to 20 upper-case hex digits") {
    CHECK(is_outgoing_message_id(new_message_id("4915550001")));
    CHECK(is_outgoing_message_id("3EB0" + std::string(16, 'F')));
    CHECK(is_outgoing_message_id("3EB0" + std::string(20, '9')));
    for (const std::string& bad : {std::string(), std::string("3EB0"), "3EB0" + std::string(15, 'A'),
                                  "3EB0" + std::string(21, 'A'), "3EB0" + std::string(18, 'a'),
                                  "3EB1" + std::string(18, 'A'), "3EB0" + std::string(17, 'A') + "G",
                                  "3EB0" + std::string(17, 'A') + "-"})
        CHECK_FALSE(is_outgoing_message_id(bad));
}
