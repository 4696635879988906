#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "backend/wa/binary/token_table.hpp"

using namespace wagw::wa::binary;

TEST_CASE("every single-byte token maps back to its byte") {
    std::set<std::string_view> seen;
    for (int byte = 1; byte <= 235; ++byte) {
        auto token = single_byte_token(static_cast<std::uint8_t>(byte));
        REQUIRE(token.has_value());
        REQUIRE_FALSE(token->empty());
        auto code = find_token(*token);
        REQUIRE(code.has_value());
        CHECK_FALSE(code->dictionary.has_value());
        CHECK(code->index == byte);
        seen.insert(*token);
    }
    CHECK(seen.size() == 235);
}

TEST_CASE("bytes outside 1..235 are not single-byte tokens") {
    CHECK_FALSE(single_byte_token(0).has_value());
    for (int byte = 236; byte <= 255; ++byte)
        CHECK_FALSE(single_byte_token(static_cast<std::uint8_t>(byte)).has_value());
}

TEST_CASE("every double-byte token maps back to its dictionary and index") {
    std::set<std::string_view> seen;
    for (int dictionary = 0; dictionary < 4; ++dictionary) {
        for (int index = 0; index < 256; ++index) {
            auto token =
                double_byte_token(static_cast<std::uint8_t>(dictionary), static_cast<std::uint8_t>(index));
            REQUIRE(token.has_value());
            auto code = find_token(*token);
            REQUIRE(code.has_value());
            CHECK(code->dictionary == std::optional<std::uint8_t>(static_cast<std::uint8_t>(dictionary)));
            CHECK(code->index == index);
            seen.insert(*token);
        }
    }
    CHECK(seen.size() == 1024);
    CHECK_FALSE(double_byte_token(4, 0).has_value());
}

TEST_CASE("token indices quoted in the protocol notes") {
    struct Case {
        const char* text;
        int dictionary;  // -1: single byte
        int index;
    };
    const Case cases[] = {
        {"iq", -1, 25},
        {"id", -1, 8},
        {"to", -1, 17},
        {"from", -1, 6},
        {"type", -1, 4},
        {"xmlns", -1, 22},
        {"get", -1, 41},
        {"set", -1, 90},
        {"result", -1, 20},
        {"error", -1, 168},
        {"message", -1, 19},
        {"receipt", -1, 7},
        {"ack", -1, 27},
        {"notification", -1, 9},
        {"enc", -1, 29},
        {"pkmsg", -1, 83},
        {"msg", -1, 77},
        {"skmsg", -1, 50},
        {"participants", -1, 107},
        {"participant", -1, 5},
        {"device-identity", -1, 230},
        {"s.whatsapp.net", -1, 3},
        {"g.us", -1, 28},
        {"lid", -1, 118},
        {"success", -1, 76},
        {"stream:error", -1, 157},
        {"xmlstreamend", -1, 2},
        {"w:p", -1, 87},
        {"ping", -1, 86},
        {"encrypt", -1, 203},
        {"usync", -1, 121},
        {"pair-device", 1, 238},
        {"skey", 0, 45},
        {"passive", 0, 24},
        {"active", 0, 1},
        {"failure", 2, 60},
        {"w:g2", 1, 51},
        {"group", 0, 170},
        {"conflict", 0, 14},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto code = find_token(c.text);
        REQUIRE(code.has_value());
        if (c.dictionary < 0) {
            CHECK_FALSE(code->dictionary.has_value());
        } else {
            CHECK(code->dictionary == std::optional<std::uint8_t>(static_cast<std::uint8_t>(c.dictionary)));
        }
        CHECK(code->index == c.index);
    }
}

TEST_CASE("strings the notes call out as not tokens") {
    for (const char* text : {"", "pair-success", "md", "ib", "pair-device-sign", "remove-companion-device",
                             "link_code_companion_reg", "sender_pn", "IQ", "iq ", " iq"}) {
        INFO('"' << text << '"');
        CHECK_FALSE(find_token(text).has_value());
    }
}
