#include <catch2/catch.hpp>

#include "backend/wa/binary/debug_print.hpp"
#include "backend/wa/binary/decoder.hpp"
#include "backend/wa/binary/encoder.hpp"
#include "backend/wa/binary/frame_payload.hpp"
#include "random_nodes.hpp"

using namespace wagw::wa::binary;
using namespace wagw::wa::binary::testing;
using wagw::Result;

namespace {
// Random trees go past any real stanza (some seeds build 30 MB and a few hundred thousand nodes); the default
// caps have their own tests in malformed_input_test.cpp.
const CodecLimits kRandomTreeLimits{
    .max_payload_bytes = std::size_t{64} << 20, .max_nodes = 10'000'000, .max_attributes = 40'000'000};
}  // namespace

TEST_CASE("decode(encode(node)) gives the node back, and re-encoding gives the same bytes") {
    for (std::uint32_t seed = 1; seed <= 400; ++seed) {
        INFO("seed " << seed);
        RandomNodes random(seed);
        Node original = random.node();
        auto encoded = encode_node(original);
        REQUIRE(encoded.ok());
        auto decoded = decode_node(*encoded, kRandomTreeLimits);
        if (!decoded.ok()) FAIL(decoded.error().message);
        CHECK(*decoded == original);
        auto again = encode_node(*decoded);
        REQUIRE(again.ok());
        CHECK(*again == *encoded);
    }
}

TEST_CASE("the notes' worked example decodes to the expected node") {
    auto decoded = decode_frame_payload(
        from_hex("00 F8 0A 19 08 FF 83 1B 2A 3F 11 FA 00 03 04 29 16 57 F8 01 F8 01 56"));
    REQUIRE(decoded.ok());
    CHECK(decoded->tag == "iq");
    REQUIRE(decoded->attrs.size() == 4);
    CHECK(*decoded->attr_text("id") == "1.2-3");
    REQUIRE(decoded->attr_jid("to") != nullptr);
    CHECK(decoded->attr_jid("to")->to_string() == "s.whatsapp.net");
    CHECK(*decoded->attr_text("type") == "get");
    CHECK(*decoded->attr_text("xmlns") == "w:p");
    REQUIRE(decoded->children() != nullptr);
    REQUIRE(decoded->children()->size() == 1);
    CHECK(decoded->child("ping") != nullptr);
    CHECK(std::holds_alternative<std::monostate>(decoded->child("ping")->content));
}

TEST_CASE("text content that is neither a token nor packed comes back as bytes, like in Baileys") {
    auto encoded = encode_node(node("body", {}, std::string("hello")));
    REQUIRE(encoded.ok());
    auto decoded = decode_node(*encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded->bytes() != nullptr);
    CHECK(*decoded->bytes() == Bytes{'h', 'e', 'l', 'l', 'o'});
    CHECK(encode_node(*decoded).value() == *encoded);
}

TEST_CASE("an empty child list stays distinct from no content") {
    for (const Node& n : {node("iq"), node("iq", {}, Children{})}) {
        auto encoded = encode_node(n);
        REQUIRE(encoded.ok());
        auto decoded = decode_node(*encoded);
        REQUIRE(decoded.ok());
        CHECK(*decoded == n);
    }
}

TEST_CASE("decoders accept forms other writers use") {
    struct Case {
        const char* name;
        const char* hex;
        const char* attribute_text;  // the "to" attribute as our text form
    };
    const Case cases[] = {
        {"whatsmeow packs the empty string as NIBBLE_8", "F8 03 19 04 FF 00", nullptr},
        {"AD_JID with device 0 (Baileys)", "F8 03 19 11 F7 00 00 FF 82 12 3F", "123:0@s.whatsapp.net"},
        {"AD_JID with an unknown domain keeps it as agent", "F8 03 19 11 F7 07 02 FF 82 12 3F",
         "123.7:2@s.whatsapp.net"},
        {"hosted as JID_PAIR (Baileys without device)", "F8 03 19 11 FA FF 82 12 3F FC 06 68 6F 73 74 65 64",
         "123@hosted"},
        {"JID user given as LIST_EMPTY in AD_JID", "F8 03 19 11 F7 00 01 00", ":1@s.whatsapp.net"},
        {"LIST_8 of size 0 as content", "F8 02 19 F8 00", nullptr},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto decoded = decode_node(from_hex(c.hex));
        if (!decoded.ok()) FAIL(decoded.error().message);
        if (c.attribute_text != nullptr) {
            REQUIRE(decoded->attr_jid("to") != nullptr);
            CHECK(decoded->attr_jid("to")->to_string() == c.attribute_text);
        }
    }
    auto hosted_pair = decode_node(from_hex("F8 03 19 11 FA FF 82 12 3F FC 06 68 6F 73 74 65 64"));
    REQUIRE(hosted_pair.ok());
    // Whatever form came in goes out again: the JID remembers it has no device.
    CHECK(to_hex(encode_node(*hosted_pair).value()) == "F8 03 19 11 FA FF 82 12 3F FC 06 68 6F 73 74 65 64");
}

TEST_CASE("non-canonical input is written back in canonical form") {
    // Found by fuzzing: an empty NIBBLE_8 string as content (whatsmeow packs "" that way) reads as empty
    // text, which goes out as BINARY_8 0 (Baileys' form) and from then on reads as empty bytes.
    auto decoded = decode_node(from_hex("F8 02 19 FF 00"));
    REQUIRE(decoded.ok());
    CHECK(decoded->content == Content{std::string()});
    auto encoded = encode_node(*decoded);
    REQUIRE(encoded.ok());
    CHECK(to_hex(*encoded) == "F8 02 19 FC 00");
    CHECK(decode_node(*encoded)->content == Content{Bytes{}});
}

TEST_CASE("frame payloads: flag byte, optional zlib") {
    RandomNodes random(77);
    Node original = random.node();
    auto body = encode_node(original);
    REQUIRE(body.ok());

    auto plain = encode_frame_payload(original);
    REQUIRE(plain.ok());
    REQUIRE(plain->size() == body->size() + 1);
    CHECK((*plain)[0] == 0x00);
    CHECK(Bytes(plain->begin() + 1, plain->end()) == *body);
    CHECK(decode_frame_payload(*plain).value() == original);

    auto compressed = encode_frame_payload(original, Compression::zlib);
    REQUIRE(compressed.ok());
    CHECK((*compressed)[0] == 0x02);
    CHECK(unwrap_frame_payload(*compressed).value() == *body);
    CHECK(decode_frame_payload(*compressed).value() == original);

    // Flag bits other than 2 carry no meaning we know of: ignored, as by whatsmeow and Baileys.
    Bytes other_flags = *plain;
    other_flags[0] = 0x01;
    CHECK(decode_frame_payload(other_flags).value() == original);
    Bytes compressed_with_other_flags = *compressed;
    compressed_with_other_flags[0] = 0x06;
    CHECK(decode_frame_payload(compressed_with_other_flags).value() == original);
}

TEST_CASE("big lists and contents survive a round trip") {
    Children children;
    for (int i = 0; i < 1000; ++i) {
        children.push_back(
            node("item", {{"id", std::to_string(i)}}, pattern_bytes(static_cast<std::size_t>(i % 7))));
    }
    Node big = node("list", {}, std::move(children));
    auto encoded = encode_frame_payload(big, Compression::zlib);
    REQUIRE(encoded.ok());
    CHECK(decode_frame_payload(*encoded).value() == big);

    Node large = node("enc", {{"type", std::string("msg")}}, pattern_bytes((1u << 20) + 3));
    auto large_encoded = encode_node(large);
    REQUIRE(large_encoded.ok());
    CHECK(decode_node(*large_encoded).value() == large);
}

TEST_CASE("the README example works as written") {
    Node iq{"iq",
            {{"id", std::string("1")},
             {"to", parse_jid("s.whatsapp.net").value()},
             {"type", std::string("get")},
             {"xmlns", std::string("w:p")}},
            Children{Node{"ping"}}};
    Result<Bytes> payload = encode_frame_payload(iq);
    REQUIRE(payload.ok());
    CHECK(to_hex(Bytes(payload->begin(), payload->begin() + 4)) == "00 F8 0A 19");
    Result<Node> back = decode_frame_payload(*payload);
    REQUIRE(back.ok());
    CHECK(*back == iq);
    CHECK(to_debug_string(*back, {.multiline = false}) ==
          "<iq id=\"1\" to=\"s.whatsapp.net\" type=\"get\" xmlns=\"w:p\"><ping/></iq>");
}

TEST_CASE("with the version 2 dictionary (Baileys 6) nodes round trip too, and the dictionary really is used") {
    const TokenDictionary& v2 = token_dictionary_v2();
    for (std::uint32_t seed = 1; seed <= 200; ++seed) {
        INFO("seed " << seed);
        RandomNodes random(seed, v2);
        Node original = random.node();
        auto payload = encode_frame_payload(original, v2);
        REQUIRE(payload.ok());
        auto decoded = decode_frame_payload(*payload, v2, kRandomTreeLimits);
        if (!decoded.ok()) FAIL(decoded.error().message);
        CHECK(*decoded == original);
        auto again = encode_frame_payload(*decoded, v2, Compression::zlib);
        REQUIRE(again.ok());
        auto inflated = decode_frame_payload(*again, v2, kRandomTreeLimits);
        REQUIRE(inflated.ok());
        CHECK(*inflated == original);
    }

    // <iq type="get" xmlns="w:p"><ping/></iq>: every string is a token in both versions, at other bytes.
    const Node ping{"iq", {{"type", std::string("get")}, {"xmlns", std::string("w:p")}}, Children{Node{"ping"}}};
    auto in_v2 = encode_node(ping, v2);
    auto in_v3 = encode_node(ping);
    REQUIRE(in_v2.ok());
    REQUIRE(in_v3.ok());
    // LIST_8 5, iq (v2 byte 30), type (4), get, xmlns (25), w:p (95), LIST_8 1, LIST_8 1, ping (80).
    CHECK(in_v2->size() == in_v3->size());
    CHECK((*in_v2)[2] == 30);
    CHECK((*in_v3)[2] == 25);
    CHECK(*in_v2 != *in_v3);
    // Read with the wrong dictionary, the same bytes are a different node: both sides must agree on it.
    auto misread = decode_node(*in_v2);
    REQUIRE(misread.ok());
    CHECK(misread->tag != "iq");
    auto read = decode_node(*in_v2, v2);
    REQUIRE(read.ok());
    CHECK(*read == ping);
}
