// Exact bytes for every wire form, checked against the worked examples in the protocol notes and the rules of
// notes 4.3/4.4 (computed by hand here, not by the encoder under test).
#include <catch2/catch.hpp>

#include "backend/wa/binary/encoder.hpp"
#include "backend/wa/binary/token_table.hpp"
#include "test_support.hpp"

using namespace wagw::wa::binary;
using namespace wagw::wa::binary::testing;

namespace {

// The bytes of one content item: encodes <iq>item</iq> and strips the F8 02 19 header.
std::string item_hex(Content content) {
    auto encoded = encode_node(node("iq", {}, std::move(content)));
    REQUIRE(encoded.ok());
    REQUIRE(encoded->size() >= 3);
    REQUIRE(to_hex(Bytes(encoded->begin(), encoded->begin() + 3)) == "F8 02 19");
    return to_hex(Bytes(encoded->begin() + 3, encoded->end()));
}

std::string repeat(char c, std::size_t n) {
    return std::string(n, c);
}

}  // namespace

TEST_CASE("the worked example from the notes encodes byte for byte") {
    Node iq = node("iq",
                   {{"id", std::string("1.2-3")},
                    {"to", jid("@s.whatsapp.net")},
                    {"type", std::string("get")},
                    {"xmlns", std::string("w:p")}},
                   Children{node("ping")});
    auto encoded = encode_node(iq);
    REQUIRE(encoded.ok());
    CHECK(to_hex(*encoded) == "F8 0A 19 08 FF 83 1B 2A 3F 11 FA 00 03 04 29 16 57 F8 01 F8 01 56");
}

TEST_CASE("JID wire forms match the notes' examples") {
    struct Case {
        const char* text;
        const char* hex;
    };
    const Case cases[] = {
        {"15551234567:3@s.whatsapp.net", "F7 00 03 FF 86 15 55 12 34 56 7F"},
        {"123456789012345:3@lid", "F7 01 03 FF 88 12 34 56 78 90 12 34 5F"},
        {"15551234567@s.whatsapp.net", "FA FF 86 15 55 12 34 56 7F 03"},
        {"s.whatsapp.net", "FA 00 03"},
        {"15551234567:0@s.whatsapp.net", "F7 00 00 FF 86 15 55 12 34 56 7F"},  // Baileys keeps ":0" as AD_JID
        {"15551234567.5:3@s.whatsapp.net", "F7 05 03 FF 86 15 55 12 34 56 7F"},
        {"15551234567:7@hosted", "F7 80 07 FF 86 15 55 12 34 56 7F"},
        {"15551234567@hosted", "F7 80 00 FF 86 15 55 12 34 56 7F"},  // hosted is always AD_JID (notes 4.6)
        {"123:9@hosted.lid", "F7 81 09 FF 82 12 3F"},
        {"123@lid", "FA FF 82 12 3F 76"},
        {"120363012345678901@g.us", "FA FF 09 12 03 63 01 23 45 67 89 01 1C"},
        {"status@broadcast", "FA 0B 0D"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(item_hex(jid(c.text)) == c.hex);
    }
}

TEST_CASE("FB_JID and INTEROP_JID carry 16-bit numbers and their server") {
    auto server_hex = [](std::string_view server) {
        auto code = find_token(server);
        if (!code) {
            Bytes raw{0xFC, static_cast<std::uint8_t>(server.size())};
            raw.insert(raw.end(), server.begin(), server.end());
            return to_hex(raw);
        }
        Bytes token;
        if (code->dictionary) token.push_back(static_cast<std::uint8_t>(0xEC + *code->dictionary));
        token.push_back(code->index);
        return to_hex(token);
    };
    CHECK(item_hex(jid("1234:258@msgr")) == "F6 FF 02 12 34 01 02 " + server_hex("msgr"));
    CHECK(item_hex(jid("772-1234:3@interop")) == "F5 FF 02 12 34 00 03 03 04 " + server_hex("interop"));
}

TEST_CASE("strings follow the precedence token, dictionary, nibble, hex, raw") {
    struct Case {
        std::string text;
        std::string hex;
    };
    const Case cases[] = {
        {"", "FC 00"},                // Baileys writes "" raw
        {"iq", "19"},                 // single-byte token 25
        {"pair-device", "ED EE"},     // dictionary 1, index 238
        {"skey", "EC 2D"},            // dictionary 0, index 45
        {"failure", "EE 3C"},         // dictionary 2, index 60
        {"1.2-3", "FF 83 1B 2A 3F"},  // nibble, odd length
        {"15551234567", "FF 86 15 55 12 34 56 7F"},
        {"987654", "FF 03 98 76 54"},            // nibble, even length
        {"3EB0ABCDEF", "FB 05 3E B0 AB CD EF"},  // hex
        {"ABC", "FB 82 AB CF"},                  // hex, odd length: filler F
        {"3eb0", "FC 04 33 65 62 30"},           // lowercase hex goes raw
        {"abc", "FC 03 61 62 63"},
        {"a@b.c", "FC 05 61 40 62 2E 63"},  // never turned into a JID
        {"\xC3\xA9", "FC 02 C3 A9"},
        {"1 2", "FC 03 31 20 32"},
    };
    for (const auto& c : cases) {
        INFO('"' << c.text << '"');
        if (c.hex.size() > 2 && c.hex[0] != 'E') REQUIRE_FALSE(find_token(c.text).has_value());
        CHECK(item_hex(c.text) == c.hex);
    }
}

TEST_CASE("packed strings stop at 127 characters") {
    const std::string digits127 = repeat('7', 126) + "8";
    std::string expected = "FF C0";
    for (int i = 0; i < 63; ++i) expected += " 77";
    expected += " 8F";
    CHECK(item_hex(digits127) == expected);

    const std::string digits128 = repeat('7', 128);
    CHECK(item_hex(digits128).substr(0, 5) == "FC 80");
    const std::string hex127 = repeat('A', 127);
    CHECK(item_hex(hex127).substr(0, 8) == "FB C0 AA");
    CHECK(item_hex(repeat('A', 128)).substr(0, 5) == "FC 80");
}

TEST_CASE("byte content picks BINARY_8, BINARY_20 or BINARY_32 by length") {
    struct Case {
        std::size_t size;
        std::string header;
    };
    const Case cases[] = {
        {0, "FC 00"},
        {1, "FC 01"},
        {255, "FC FF"},
        {256, "FD 00 01 00"},
        {(1u << 20) - 1, "FD 0F FF FF"},
        {1u << 20, "FE 00 10 00 00"},
        {(1u << 20) + 1, "FE 00 10 00 01"},
    };
    for (const auto& c : cases) {
        INFO(c.size);
        Bytes content = pattern_bytes(c.size);
        auto encoded = encode_node(node("iq", {}, content));
        REQUIRE(encoded.ok());
        const std::size_t header_size = (c.header.size() + 1) / 3;
        REQUIRE(encoded->size() == 3 + header_size + c.size);
        CHECK(to_hex(Bytes(encoded->begin() + 3, encoded->begin() + 3 + static_cast<long>(header_size))) ==
              c.header);
        CHECK(std::equal(content.begin(), content.end(),
                         encoded->begin() + 3 + static_cast<long>(header_size)));
    }
}

TEST_CASE("list headers: LIST_EMPTY, LIST_8, LIST_16") {
    auto children_header = [](std::size_t count) {
        Children children(count, node("ping"));
        auto encoded = encode_node(node("iq", {}, std::move(children)));
        REQUIRE(encoded.ok());
        return to_hex(Bytes(encoded->begin() + 3,
                            encoded->begin() + std::min<long>(6, static_cast<long>(encoded->size()))));
    };
    CHECK(children_header(0) == "00");
    CHECK(children_header(1).substr(0, 5) == "F8 01");
    CHECK(children_header(255).substr(0, 5) == "F8 FF");
    CHECK(children_header(256) == "F9 01 00");
    CHECK(children_header(65535) == "F9 FF FF");

    // 127 attributes + content make 256 items: the node itself needs LIST_16.
    std::vector<Attribute> attrs;
    for (int i = 0; i < 127; ++i) attrs.push_back({"k" + std::to_string(i), std::string("v")});
    auto encoded = encode_node(node("iq", attrs, Bytes{1}));
    REQUIRE(encoded.ok());
    CHECK(to_hex(Bytes(encoded->begin(), encoded->begin() + 4)) == "F9 01 00 19");
}

TEST_CASE("content kinds: none, empty list, bytes, text, JID") {
    auto whole = [](const Node& n) {
        auto encoded = encode_node(n);
        REQUIRE(encoded.ok());
        return to_hex(*encoded);
    };
    CHECK(whole(node("iq")) == "F8 01 19");
    CHECK(whole(node("iq", {}, Children{})) == "F8 02 19 00");
    CHECK(whole(node("iq", {}, Bytes{})) == "F8 02 19 FC 00");
    CHECK(whole(node("iq", {{"type", std::string("")}})) == "F8 03 19 04 FC 00");
    CHECK(whole(node("iq", {}, std::string("get"))) == "F8 02 19 29");
    CHECK(whole(node("iq", {}, jid("status@broadcast"))) == "F8 02 19 FA 0B 0D");
}

TEST_CASE("nodes the wire cannot carry are refused with a reason") {
    struct Case {
        const char* name;
        Node node;
        const char* mentions;
    };
    Jid big_device{"1", "s.whatsapp.net", std::uint16_t{256}};
    Node deep = node("leaf");
    for (int i = 0; i < 70; ++i) deep = node("n", {}, Children{deep});
    const Case cases[] = {
        {"empty tag", node(""), "empty tag"},
        {"empty attribute name", node("iq", {{"", std::string("x")}}), "empty name"},
        {"empty JID", node("iq", {{"to", Jid{}}}), "no server"},
        {"AD device above 255", node("iq", {{"to", big_device}}), "one byte for the device"},
        {"too many children", node("iq", {}, Children(65536, node("ping"))), "LIST_16"},
        {"too deep", deep, "deeper"},
        {"device on a group", node("iq", {{"to", Jid{"120363", "g.us", std::uint16_t{3}}}}),
         "cannot carry a device"},
        {"agent on lid", node("iq", {{"to", Jid{"1", "lid", std::uint16_t{3}, 5}}}),
         "cannot carry a device or agent"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto encoded = encode_node(c.node);
        REQUIRE_FALSE(encoded.ok());
        CHECK(encoded.error().code == "binary_unencodable");
        CHECK_THAT(encoded.error().message, Catch::Contains(c.mentions));
    }
}
