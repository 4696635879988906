// Hostile input: every way to cut, bend or inflate a node must end in an Error that says what was wrong,
// never a crash, a hang or a huge allocation.
#include <catch2/catch.hpp>

#include "backend/wa/binary/decoder.hpp"
#include "backend/wa/binary/encoder.hpp"
#include "backend/wa/binary/frame_payload.hpp"
#include "backend/wa/binary/zlib_codec.hpp"
#include "random_nodes.hpp"

using namespace wagw::wa::binary;
using namespace wagw::wa::binary::testing;

namespace {

// A node that uses every wire form, so a cut lands inside each of them somewhere.
Node every_form() {
    return node("message",
                {{"id", std::string("3EB0ABCDEF")},
                 {"to", jid("15551234567:3@s.whatsapp.net")},
                 {"participant", jid("123456789012345@lid")},
                 {"from", jid("100012345678901:2@msgr")},
                 {"recipient", jid("7-123456:2@interop")},
                 {"type", std::string("pair-device")},
                 {"t", std::string("1.2-3")},
                 {"raw", std::string(300, 'r')},
                 {"e", std::string("")}},
                Children{node("enc", {{"v", std::string("2")}}, pattern_bytes(40)),
                         node("list", {}, Children{}), node("jid", {}, jid("120363012345678901@g.us")),
                         node("count", {}, std::string("5")), node("x", {}, pattern_bytes(300))});
}

}  // namespace

TEST_CASE("a node cut at any byte offset is reported as truncated") {
    auto encoded = encode_node(every_form());
    REQUIRE(encoded.ok());
    REQUIRE(decode_node(*encoded).ok());
    for (std::size_t length = 0; length < encoded->size(); ++length) {
        INFO("cut at " << length << " of " << encoded->size());
        auto decoded = decode_node(ByteView(encoded->data(), length));
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().code == "binary_truncated");
        CHECK_THAT(decoded.error().message, Catch::Contains("input ends inside"));
    }
}

TEST_CASE("a frame payload cut at any byte offset is an error, compressed or not") {
    for (Compression compression : {Compression::none, Compression::zlib}) {
        auto payload = encode_frame_payload(every_form(), compression);
        REQUIRE(payload.ok());
        for (std::size_t length = 0; length < payload->size(); ++length) {
            INFO("cut at " << length);
            auto decoded = decode_frame_payload(ByteView(payload->data(), length));
            REQUIRE_FALSE(decoded.ok());
            CHECK_FALSE(decoded.error().message.empty());
        }
    }
}

TEST_CASE("malformed nodes are rejected with a message naming the problem") {
    struct Case {
        const char* name;
        const char* hex;
        const char* code;
        const char* mentions;
    };
    const Case cases[] = {
        {"empty input", "", "binary_truncated", "list header"},
        {"node is not a list", "19", "binary_malformed", "expected a list"},
        {"node is LIST_EMPTY", "00", "binary_malformed", "empty list"},
        {"node is LIST_8 of 0", "F8 00", "binary_malformed", "empty list"},
        {"unassigned tag as node tag", "F8 01 F0", "binary_malformed", "unassigned tag 0xF0"},
        {"unassigned tag 0xF4", "F8 01 F4", "binary_malformed", "unassigned tag 0xF4"},
        {"list as node tag", "F8 01 F8 01", "binary_malformed", "expected a string for the node tag"},
        {"JID as node tag", "F8 01 FA 00 03", "binary_malformed", "found JID_PAIR"},
        {"empty node tag", "F8 01 00", "binary_malformed", "empty tag"},
        {"JID as attribute name", "F8 03 19 FA 00 03 04", "binary_malformed", "attribute name"},
        {"empty attribute name", "F8 03 19 FC 00 04", "binary_malformed", "empty name"},
        {"unassigned tag as attribute value", "F8 03 19 04 F2", "binary_malformed", "attribute value"},
        {"error names the attribute", "F8 03 19 04 F2", "binary_malformed", "in <iq> attribute \"type\""},
        {"error escapes hostile tag text", "F8 03 FC 03 1B 0A 22 04 F2", "binary_malformed",
         "in <\\x1B\\x0A\\x22> attribute"},
        {"list as attribute value", "F8 03 19 04 F8 01 19", "binary_malformed", "expected a string"},
        {"unassigned tag as content", "F8 02 19 F1", "binary_malformed", "the content"},
        {"error names the node", "F8 02 19 F8 01 F8 03 56 04 F3", "binary_malformed", "in <ping>"},
        {"bad nibble code", "F8 02 19 FF 01 1C", "binary_malformed", "NIBBLE_8"},
        {"filler nibble in the middle", "F8 02 19 FF 02 F1 23", "binary_malformed", "NIBBLE_8"},
        {"odd nibble string without filler", "F8 02 19 FF 81 12", "binary_malformed", "filler"},
        {"odd hex string without filler", "F8 02 19 FB 81 AB", "binary_malformed", "filler"},
        {"odd packed length with no bytes", "F8 02 19 FF 80", "binary_malformed", "odd length"},
        {"JID_PAIR without server", "F8 02 19 FA FF 82 12 3F 00", "binary_malformed", "no server"},
        {"JID_PAIR user is a JID", "F8 02 19 FA FA 00 03 03", "binary_malformed", "user of a JID_PAIR"},
        {"JID_PAIR server is a list", "F8 02 19 FA 00 F8 00", "binary_malformed", "server of a JID_PAIR"},
        {"AD_JID user is a JID", "F8 02 19 F7 00 01 FA 00 03", "binary_malformed", "user of an AD_JID"},
        {"FB_JID on the wrong server", "F8 02 19 F6 FF 82 12 3F 00 01 03", "binary_malformed",
         "must have server msgr"},
        {"INTEROP_JID on the wrong server", "F8 02 19 F5 FF 82 12 3F 00 01 00 02 03", "binary_malformed",
         "must have server interop"},
        {"INTEROP_JID without server", "F8 02 19 F5 FF 82 12 3F 00 01 00 02", "binary_truncated", "server"},
        {"JID user not UTF-8", "F8 02 19 FA FC 02 C3 28 03", "binary_malformed", "UTF-8"},
        {"JID server not UTF-8", "F8 02 19 FA 00 FC 01 FF", "binary_malformed", "UTF-8"},
        {"trailing bytes", "F8 01 19 00", "binary_trailing_bytes", "1 byte(s) left"},
        {"BINARY_8 longer than the input", "F8 02 19 FC 05 01 02", "binary_truncated",
         "needs 5 byte(s), 2 left"},
        {"BINARY_20 longer than the input", "F8 02 19 FD 0F FF FF 00", "binary_truncated", "1048575"},
        {"BINARY_32 of 4 GiB", "F8 02 19 FE FF FF FF FF", "binary_too_large", "4294967295"},
        {"LIST_16 of 65535 children with none there", "F8 02 19 F9 FF FF", "binary_truncated", "list header"},
        {"LIST_8 node size beyond the input", "F8 FF 19", "binary_truncated", "attribute name"},
        {"dictionary token without index", "F8 01 EC", "binary_truncated", "dictionary token index"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto decoded = decode_node(from_hex(c.hex));
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().code == c.code);
        CHECK_THAT(decoded.error().message, Catch::Contains(c.mentions));
    }
}

TEST_CASE("nesting is bounded") {
    auto nested = [](std::size_t depth) {
        Bytes bytes;
        for (std::size_t i = 1; i < depth; ++i) bytes.insert(bytes.end(), {0xF8, 0x02, 0x19, 0xF8, 0x01});
        bytes.insert(bytes.end(), {0xF8, 0x01, 0x19});
        return bytes;
    };
    CodecLimits limits;
    CHECK(decode_node(nested(limits.max_depth), limits).ok());
    auto too_deep = decode_node(nested(limits.max_depth + 1), limits);
    REQUIRE_FALSE(too_deep.ok());
    CHECK(too_deep.error().code == "binary_too_deep");
    // Far beyond any stack: still a clean error, found after reading only max_depth levels.
    auto absurd = decode_node(nested(200000));
    REQUIRE_FALSE(absurd.ok());
    CHECK(absurd.error().code == "binary_too_deep");
    CodecLimits shallow{.max_depth = 3};
    CHECK(decode_node(nested(3), shallow).ok());
    CHECK(decode_node(nested(4), shallow).error().code == "binary_too_deep");
}

TEST_CASE("sizes are capped by the limits") {
    CodecLimits small{.max_payload_bytes = 1000};
    auto big_content = encode_node(node("enc", {}, pattern_bytes(1001)));
    REQUIRE(big_content.ok());
    auto decoded = decode_node(*big_content, small);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == "binary_too_large");

    CodecLimits tiny{.max_payload_bytes = 500};
    auto claimed = decode_node(from_hex("F8 02 19 FD 00 02 00"), tiny);  // claims 512 bytes
    REQUIRE_FALSE(claimed.ok());
    CHECK(claimed.error().code == "binary_too_large");
}

TEST_CASE("bad zlib data is rejected") {
    auto body = encode_node(every_form());
    REQUIRE(body.ok());
    auto deflated = zlib_compress(*body);
    REQUIRE(deflated.ok());
    auto payload = [](Bytes zlib_bytes) {
        zlib_bytes.insert(zlib_bytes.begin(), 0x02);
        return zlib_bytes;
    };

    struct Case {
        const char* name;
        Bytes bytes;
        const char* code;
        const char* mentions;
    };
    Bytes corrupt = *deflated;
    corrupt[corrupt.size() / 2] ^= 0xFF;
    Bytes bad_checksum = *deflated;
    bad_checksum.back() ^= 0x01;
    Bytes trailing = *deflated;
    trailing.push_back(0x00);
    Bytes cut(deflated->begin(), deflated->begin() + static_cast<long>(deflated->size() / 2));
    const Case cases[] = {
        {"not zlib at all", payload(from_hex("F8 01 19")), "binary_bad_zlib", "compressed frame payload"},
        {"no zlib bytes", payload({}), "binary_bad_zlib", "ends before"},
        {"corrupt stream", payload(corrupt), "binary_bad_zlib", "compressed frame payload"},
        {"bad checksum", payload(bad_checksum), "binary_bad_zlib", "check"},
        {"stream cut short", payload(cut), "binary_bad_zlib", "ends before"},
        {"garbage after the stream", payload(trailing), "binary_bad_zlib", "garbage"},
        {"empty payload", Bytes{}, "binary_truncated", "no flag byte"},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        auto decoded = decode_frame_payload(c.bytes);
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().code == c.code);
        CHECK_THAT(decoded.error().message, Catch::Contains(c.mentions));
    }
}

TEST_CASE("a zlib bomb stops at the cap") {
    Bytes zeros(8u << 20, 0);
    auto bomb = zlib_compress(zeros);
    REQUIRE(bomb.ok());
    REQUIRE(bomb->size() < 64 * 1024);
    bomb->insert(bomb->begin(), 0x02);
    CodecLimits limits{.max_payload_bytes = 1u << 20};
    auto decoded = decode_frame_payload(*bomb, limits);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == "binary_too_large");
    CHECK(zlib_inflate(ByteView(bomb->data() + 1, bomb->size() - 1), zeros.size()).value() == zeros);
}

namespace {

// A valid tree of exactly `total` nodes (total >= 2), as bytes: a root whose children each hold up to 65535
// leaf nodes, every tag the one-byte token 0x19. Three bytes a leaf, so it compresses to almost nothing.
Bytes node_tree(std::size_t total) {
    std::size_t rest = total - 1;     // below the root
    std::vector<std::size_t> leaves;  // per child of the root
    while (rest > 0) {
        const std::size_t take = std::min<std::size_t>(rest - 1, 65535);
        leaves.push_back(take);
        rest -= 1 + take;
    }
    auto list16 = [](Bytes& out, std::size_t n) {
        out.insert(out.end(), {0xF9, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n & 0xFF)});
    };
    Bytes bytes{0xF8, 0x02, 0x19};
    list16(bytes, leaves.size());
    for (std::size_t n : leaves) {
        if (n == 0) {
            bytes.insert(bytes.end(), {0xF8, 0x01, 0x19});
            continue;
        }
        bytes.insert(bytes.end(), {0xF8, 0x02, 0x19});
        list16(bytes, n);
        for (std::size_t i = 0; i < n; ++i) bytes.insert(bytes.end(), {0xF8, 0x01, 0x19});
    }
    return bytes;
}

Bytes compressed_payload(const Bytes& body) {
    auto packed = zlib_compress(body);
    REQUIRE(packed.ok());
    packed->insert(packed->begin(), 0x02);
    return *packed;
}

}  // namespace

TEST_CASE("a zlib bomb of tiny nodes is refused by the node cap, well within the byte cap") {
    // 11 million three-byte nodes: 33 MB inflated from about 33 KB, which used to fit the old 32 MiB byte cap
    // and decode into gigabytes of Nodes.
    const Bytes body = node_tree(11'000'000);
    REQUIRE(body.size() > 16u << 20);
    const Bytes bomb = compressed_payload(body);
    CHECK(bomb.size() < 100 * 1024);
    auto decoded = decode_frame_payload(bomb);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == "binary_too_large");  // 33 MB is above one frame's 16 MiB

    // Inside the byte cap (3 MB inflated from a few KB), the node count stops it.
    const Bytes small_bomb = compressed_payload(node_tree(1'000'000));
    CHECK(small_bomb.size() < 16 * 1024);
    auto refused = decode_frame_payload(small_bomb);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "binary_too_many_nodes");
    CHECK_THAT(refused.error().message, Catch::Contains("200000 nodes"));
}

TEST_CASE("a node tree at the node cap decodes; one node more does not") {
    const CodecLimits limits;
    auto at_cap = decode_frame_payload(compressed_payload(node_tree(limits.max_nodes)));
    REQUIRE(at_cap.ok());
    CHECK(at_cap->children()->size() == 4);
    auto above = decode_node(node_tree(limits.max_nodes + 1));
    REQUIRE_FALSE(above.ok());
    CHECK(above.error().code == "binary_too_many_nodes");

    const CodecLimits few{.max_nodes = 10};
    CHECK(decode_node(node_tree(10), few).ok());
    CHECK(decode_node(node_tree(11), few).error().code == "binary_too_many_nodes");
}

TEST_CASE("attributes are counted across the whole stanza") {
    std::vector<Attribute> attrs;
    for (int i = 0; i < 6; ++i) attrs.push_back({"a" + std::to_string(i), std::string("v")});
    auto encoded = encode_node(node("x", attrs, Children{node("y", attrs, Children{})}));
    REQUIRE(encoded.ok());
    CHECK(decode_node(*encoded, CodecLimits{.max_attributes = 12}).ok());
    auto refused = decode_node(*encoded, CodecLimits{.max_attributes = 11});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "binary_too_many_attributes");
}

TEST_CASE("random corruption never crashes the decoder, and what decodes re-encodes") {
    RandomNodes random(4242);
    std::size_t accepted = 0, rejected = 0;
    for (int round = 0; round < 3000; ++round) {
        auto encoded = encode_node(random.node(2));
        REQUIRE(encoded.ok());
        Bytes bytes = *encoded;
        const std::size_t flips = 1 + random.below(4);
        for (std::size_t i = 0; i < flips; ++i) {
            bytes[random.below(bytes.size())] = static_cast<std::uint8_t>(random.below(256));
        }
        if (random.below(4) == 0) bytes.resize(random.below(bytes.size() + 1));
        auto decoded = decode_node(bytes);
        if (!decoded.ok()) {
            ++rejected;
            CHECK_FALSE(decoded.error().message.empty());
            continue;
        }
        ++accepted;
        // Whatever we accept we can write again, and that writing is stable.
        auto again = encode_node(*decoded);
        // The decoder enforces everything the encoder needs (non-empty names, device sizes, ...).
        if (!again.ok()) FAIL(again.error().message);
        // Non-canonical input may come back canonical (e.g. an empty NIBBLE_8 string), then it is stable.
        auto back = decode_node(*again);
        REQUIRE(back.ok());
        CHECK(encode_node(*back).value() == *again);
    }
    CHECK(rejected > 0);
    CHECK(accepted > 0);
}
