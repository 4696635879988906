#include <catch2/catch.hpp>

#include <cstdio>

#include "backend/wa/binary/debug_print.hpp"
#include "test_support.hpp"

using namespace wagw::wa::binary;
using namespace wagw::wa::binary::testing;

namespace {

std::string lower_hex(const Bytes& bytes) {
    std::string out;
    char pair[3];
    for (auto b : bytes) {
        std::snprintf(pair, sizeof pair, "%02x", b);
        out += pair;
    }
    return out;
}

}  // namespace

TEST_CASE("the debug printer shows structure, attributes and JIDs") {
    Node iq = node("iq", {{"id", std::string("1.2-3")}, {"to", jid("15551234567:3@s.whatsapp.net")}},
                   Children{node("ping"), node("count", {}, std::string("5")),
                            node("jid", {}, jid("status@broadcast"))});
    CHECK(to_debug_string(iq, {.multiline = false}) ==
          "<iq id=\"1.2-3\" to=\"15551234567:3@s.whatsapp.net\"><ping/><count>5</count>"
          "<jid>status@broadcast</jid></iq>");
    CHECK(to_debug_string(iq) ==
          "<iq id=\"1.2-3\" to=\"15551234567:3@s.whatsapp.net\">\n"
          "  <ping/>\n"
          "  <count>5</count>\n"
          "  <jid>status@broadcast</jid>\n"
          "</iq>");
    CHECK(to_debug_string(node("list", {}, Children{})) == "<list></list>");
}

TEST_CASE("the debug printer never prints byte content") {
    const Bytes key = pattern_bytes(32, 9);
    const Bytes short_secret = {0x12, 0x34, 0x56};
    Node n =
        node("iq", {},
             Children{node("key", {}, key), node("value", {}, short_secret), node("empty", {}, Bytes{})});
    const std::string printed = to_debug_string(n);
    INFO(printed);
    CHECK(printed.find(lower_hex(key).substr(0, 8)) == std::string::npos);
    CHECK(printed.find(std::string(key.begin(), key.begin() + 8)) == std::string::npos);
    CHECK(printed.find("123456") == std::string::npos);
    CHECK_THAT(printed, Catch::Contains("<key>[32 bytes fnv:"));
    CHECK_THAT(printed, Catch::Contains("<value>[3 bytes]</value>"));  // too short for a fingerprint
    CHECK_THAT(printed, Catch::Contains("<empty>[0 bytes]</empty>"));
    // The fingerprint tells different contents apart.
    const std::string other = to_debug_string(node("key", {}, pattern_bytes(32, 10)));
    CHECK(other != to_debug_string(node("key", {}, key)));
}

TEST_CASE("the debug printer escapes and shortens text") {
    Node n = node("x", {{"q", std::string("a\"b<c\n\xC3\xA9")}, {"long", std::string(500, 'z')}});
    const std::string printed = to_debug_string(n, {.multiline = false, .max_text = 10});
    CHECK_THAT(printed, Catch::Contains("q=\"a\\x22b\\x3Cc\\x0A\\xC3\\xA9\""));
    CHECK_THAT(printed, Catch::Contains("long=\"zzzzzzzzzz...(500 chars)\""));
}

TEST_CASE("the debug printer summarises long lists and deep trees") {
    Children many(40, node("item"));
    const std::string printed =
        to_debug_string(node("list", {}, many), {.multiline = false, .max_children = 3});
    CHECK(printed == "<list><item/><item/><item/><!-- 37 more --></list>");

    Node deep = node("leaf");
    for (int i = 0; i < 5; ++i) deep = node("n", {}, Children{deep});
    const std::string shallow = to_debug_string(deep, {.multiline = false, .max_depth = 2});
    CHECK(shallow == "<n><n><n><!-- 1 children deeper than the print limit --></n></n></n>");
}
