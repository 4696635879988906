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

namespace {

// Every single- and double-byte token of `dictionary` maps back to the code it came from.
void check_tokens_map_back(const TokenDictionary& dictionary) {
    std::set<std::string_view> seen;
    for (int byte = 1; byte <= 235; ++byte) {
        auto token = dictionary.single_byte_token(static_cast<std::uint8_t>(byte));
        REQUIRE(token.has_value());
        auto code = dictionary.find_token(*token);
        REQUIRE(code.has_value());
        CHECK(code == TokenCode{std::nullopt, static_cast<std::uint8_t>(byte)});
        seen.insert(*token);
    }
    for (int number = 0; number < 4; ++number) {
        for (int index = 0; index < 256; ++index) {
            const auto d = static_cast<std::uint8_t>(number);
            const auto i = static_cast<std::uint8_t>(index);
            auto token = dictionary.double_byte_token(d, i);
            REQUIRE(token.has_value());
            CHECK(dictionary.find_token(*token) == TokenCode{d, i});
            seen.insert(*token);
        }
    }
    CHECK(seen.size() == 235 + 1024);
    CHECK_FALSE(dictionary.single_byte_token(0).has_value());
    CHECK_FALSE(dictionary.single_byte_token(236).has_value());
    CHECK_FALSE(dictionary.double_byte_token(4, 0).has_value());
}

}  // namespace

TEST_CASE("the connection header's version picks the dictionary: 3 and 2 are known, nothing else") {
    REQUIRE(token_dictionary_for_version(3) == &token_dictionary_v3());
    REQUIRE(token_dictionary_for_version(2) == &token_dictionary_v2());
    CHECK(token_dictionary_v3().version() == 3);
    CHECK(token_dictionary_v2().version() == 2);
    CHECK(kDictionaryVersion == 3);
    for (int version : {0, 1, 4, 6, 255}) CHECK(token_dictionary_for_version(version) == nullptr);
    // The v3 shorthands are the v3 dictionary.
    CHECK(find_token("iq") == token_dictionary_v3().find_token("iq"));
}

TEST_CASE("each dictionary version maps every token back to its byte or dictionary and index") {
    SECTION("version 3") { check_tokens_map_back(token_dictionary_v3()); }
    SECTION("version 2") { check_tokens_map_back(token_dictionary_v2()); }
}

TEST_CASE("version 2 (Baileys 6) places tokens where Baileys 6.17.16's constants.js has them") {
    // Positions read from node_modules/baileys6/lib/WABinary/constants.js; v3 differs for most of them.
    const TokenDictionary& v2 = token_dictionary_v2();
    struct Case {
        const char* text;
        int dictionary;  // -1: single byte
        int index;
    };
    const Case cases[] = {{"iq", -1, 30},        {"message", -1, 11},     {"receipt", -1, 7},   {"type", -1, 4},
                          {"xmlns", -1, 25},     {"success", -1, 71},     {"usync", -1, 178},   {"ping", -1, 80},
                          {"w:p", -1, 95},       {"enc", -1, 22},         {"pkmsg", -1, 96},    {"ack", -1, 28},
                          {"stream:error", -1, 119}, {"passive", -1, 208}, {"skey", 0, 81},     {"w:g2", 0, 139},
                          {"group", 1, 158}};
    for (const auto& c : cases) {
        INFO(c.text);
        const TokenCode expected = c.dictionary < 0
                                       ? TokenCode{std::nullopt, static_cast<std::uint8_t>(c.index)}
                                       : TokenCode{static_cast<std::uint8_t>(c.dictionary),
                                                   static_cast<std::uint8_t>(c.index)};
        CHECK(v2.find_token(c.text) == expected);
    }
    // Strings that version 3 has as tokens but version 2 does not: they travel as raw bytes with Baileys 6.
    for (const char* text : {"lid", "pair-device", "device-identity", "failure"}) {
        INFO(text);
        CHECK(find_token(text).has_value());
        CHECK_FALSE(v2.find_token(text).has_value());
    }
    CHECK(v2.single_byte_token(30) == std::optional<std::string_view>("iq"));
    CHECK(token_dictionary_v3().single_byte_token(30) != std::optional<std::string_view>("iq"));
}
