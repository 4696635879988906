#include <catch2/catch.hpp>

#include "backend/wa/transport/frame_codec.hpp"

using namespace wagw::wa::transport;

namespace {

Bytes payload_of(std::size_t size, std::uint8_t seed) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(seed + i * 7);
    return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

}  // namespace

TEST_CASE("a frame is a 3-byte big-endian length and the payload") {
    auto frame = encode_frame(payload_of(0x010203, 1));
    REQUIRE(frame.ok());
    REQUIRE(frame->size() == 3 + 0x010203);
    CHECK((*frame)[0] == 0x01);
    CHECK((*frame)[1] == 0x02);
    CHECK((*frame)[2] == 0x03);
    auto empty = encode_frame({});
    REQUIRE(empty.ok());
    CHECK(*empty == Bytes{0, 0, 0});
}

TEST_CASE("payloads of 1<<24 bytes or more are refused by the encoder") {
    Bytes big(std::size_t{1} << 24);
    auto frame = encode_frame(big);
    REQUIRE_FALSE(frame.ok());
    CHECK(frame.error().code == "frame_too_large");
    big.pop_back();
    CHECK(encode_frame(big).ok());
}

TEST_CASE("the client prefixes the connection header to its first frame only") {
    ClientFrameEncoder encoder;
    auto first = encoder.encode(Bytes{0xAA});
    auto second = encoder.encode(Bytes{0xBB});
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(*first == Bytes{'W', 'A', 6, 3, 0, 0, 1, 0xAA});
    CHECK(*second == Bytes{0, 0, 1, 0xBB});
}

TEST_CASE("with routing info the client sends ED 0 1, the routing bytes, then WA 6 3") {
    ClientFrameEncoder encoder(Bytes{9, 8, 7});
    auto first = encoder.encode(Bytes{0xAA});
    REQUIRE(first.ok());
    CHECK(*first == Bytes{'E', 'D', 0, 1, 0, 0, 3, 9, 8, 7, 'W', 'A', 6, 3, 0, 0, 1, 0xAA});
}

TEST_CASE("coalesced frames in one message are all emitted") {
    Bytes stream = concat({*encode_frame(payload_of(5, 1)), *encode_frame({}), *encode_frame(payload_of(300, 2))});
    FrameDecoder decoder(FrameDecoder::Role::client);
    std::vector<Bytes> frames;
    REQUIRE(decoder.feed(stream, frames).ok());
    REQUIRE(frames.size() == 3);
    CHECK(frames[0] == payload_of(5, 1));
    CHECK(frames[1].empty());
    CHECK(frames[2] == payload_of(300, 2));
    CHECK(decoder.buffered() == 0);
}

TEST_CASE("a stream split at every byte offset yields the same frames") {
    const Bytes a = payload_of(10, 3), b = payload_of(1, 4), c = payload_of(70, 5);
    for (bool server : {false, true}) {
        Bytes stream = concat({*encode_frame(a), *encode_frame(b), *encode_frame(c)});
        if (server) stream = concat({*make_connection_preamble(Bytes{1, 2, 3, 4}), stream});
        for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
            FrameDecoder decoder(server ? FrameDecoder::Role::server : FrameDecoder::Role::client);
            std::vector<Bytes> frames;
            REQUIRE(decoder.feed(ByteView(stream).first(cut), frames).ok());
            REQUIRE(decoder.feed(ByteView(stream).subspan(cut), frames).ok());
            INFO("cut at " << cut << (server ? " (server role)" : ""));
            REQUIRE(frames == std::vector<Bytes>{a, b, c});
            if (server) CHECK(decoder.routing_info() == Bytes{1, 2, 3, 4});
        }
    }
}

TEST_CASE("one byte at a time also works") {
    Bytes stream = concat({*make_connection_preamble(), *encode_frame(payload_of(40, 6)), *encode_frame({})});
    FrameDecoder decoder(FrameDecoder::Role::server);
    std::vector<Bytes> frames;
    for (std::uint8_t byte : stream) REQUIRE(decoder.feed(Bytes{byte}, frames).ok());
    REQUIRE(frames.size() == 2);
    CHECK(frames[0] == payload_of(40, 6));
    CHECK(decoder.preamble_received());
    CHECK(decoder.routing_info().empty());
}

TEST_CASE("the server strips WA 6 3 and the optional ED prefix from the first message") {
    FrameDecoder plain(FrameDecoder::Role::server);
    std::vector<Bytes> frames;
    REQUIRE(plain.feed(Bytes{'W', 'A', 6, 3, 0, 0, 2, 0x10, 0x20}, frames).ok());
    REQUIRE(frames == std::vector<Bytes>{Bytes{0x10, 0x20}});

    FrameDecoder routed(FrameDecoder::Role::server);
    frames.clear();
    REQUIRE(routed.feed(Bytes{'E', 'D', 0, 1, 0, 0, 2, 0xCA, 0xFE, 'W', 'A', 6, 3, 0, 0, 1, 0x33}, frames).ok());
    REQUIRE(frames == std::vector<Bytes>{Bytes{0x33}});
    CHECK(routed.routing_info() == Bytes{0xCA, 0xFE});
}

TEST_CASE("garbage instead of the connection header is rejected") {
    auto rejects = [](Bytes first_message, const char* code) {
        FrameDecoder decoder(FrameDecoder::Role::server);
        std::vector<Bytes> frames;
        auto status = decoder.feed(first_message, frames);
        INFO("expecting " << code);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == code);
        CHECK(frames.empty());
        // The stream is out of sync for good.
        CHECK_FALSE(decoder.feed(Bytes{'W', 'A', 6, 3}, frames).ok());
    };
    rejects(Bytes{'G', 'E', 'T', ' '}, "bad_connection_header");
    rejects(Bytes{0, 0, 1, 0xAA}, "bad_connection_header");  // a frame without the header
    rejects(Bytes{'W', 'A', 5, 2, 0, 0, 0}, "unsupported_connection_header");
    rejects(Bytes{'E', 'D', 0, 2, 0, 0, 1, 1, 'W', 'A', 6, 3}, "bad_connection_header");
    rejects(Bytes{'E', 'D', 0, 1, 0, 0, 0, 'W', 'A', 6, 3}, "bad_connection_header");  // empty routing info
    rejects(Bytes{'E', 'D', 0, 1, 0, 0, 1, 7, 'X', 'A', 6, 3}, "bad_connection_header");
    // Rejected as soon as the first wrong byte arrives, not only once 4 bytes are there.
    rejects(Bytes{'X'}, "bad_connection_header");
}

TEST_CASE("a length above the configured limit is rejected") {
    FrameDecoder decoder(FrameDecoder::Role::client, 1000);
    std::vector<Bytes> frames;
    REQUIRE(decoder.feed(*encode_frame(payload_of(1000, 1)), frames).ok());
    REQUIRE(frames.size() == 1);
    // Only the 3 length bytes of a 1001-byte frame: rejected before the payload is buffered.
    auto status = decoder.feed(Bytes{0x00, 0x03, 0xE9}, frames);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == "frame_too_large");

    FrameDecoder defaults(FrameDecoder::Role::client);
    frames.clear();
    // 0xFFFFFF is the largest length 3 bytes can carry and is still allowed (< 1<<24): it just waits for bytes.
    REQUIRE(defaults.feed(Bytes{0xFF, 0xFF, 0xFF, 1, 2}, frames).ok());
    CHECK(frames.empty());
    CHECK(defaults.buffered() == 5);
}

TEST_CASE("the server accepts Baileys 6's WA 6 2 header and reports the version it read") {
    struct Case {
        Bytes first_message;
        std::uint8_t version;
    };
    const Case cases[] = {
        {Bytes{'W', 'A', 6, 2, 0, 0, 1, 0x42}, 2},
        {Bytes{'W', 'A', 6, 3, 0, 0, 1, 0x42}, 3},
        {Bytes{'E', 'D', 0, 1, 0, 0, 2, 0xCA, 0xFE, 'W', 'A', 6, 2, 0, 0, 1, 0x42}, 2},
    };
    for (const auto& c : cases) {
        INFO("version " << int(c.version));
        // Whole, and split at every offset: the version is only known once its byte arrived.
        for (std::size_t split = 0; split <= c.first_message.size(); ++split) {
            FrameDecoder decoder(FrameDecoder::Role::server);
            CHECK(decoder.header_version() == 0);
            std::vector<Bytes> frames;
            const auto split_at = c.first_message.begin() + static_cast<std::ptrdiff_t>(split);
            REQUIRE(decoder.feed(Bytes(c.first_message.begin(), split_at), frames).ok());
            REQUIRE(decoder.feed(Bytes(split_at, c.first_message.end()), frames).ok());
            REQUIRE(frames == std::vector<Bytes>{Bytes{0x42}});
            CHECK(decoder.header_version() == c.version);
            CHECK(decoder.received_header() == ConnectionHeader{'W', 'A', 6, c.version});
        }
    }
    // Our own client keeps sending version 3.
    CHECK(connection_header(kNewestHeaderVersion) == kConnectionHeader);
    auto preamble = make_connection_preamble();
    REQUIRE(preamble.ok());
    CHECK(*preamble == Bytes{'W', 'A', 6, 3});
}

TEST_CASE("a connection header naming an unknown dictionary version is refused") {
    for (std::uint8_t version : {0, 1, 4, 5, 255}) {
        INFO("version " << int(version));
        FrameDecoder decoder(FrameDecoder::Role::server);
        std::vector<Bytes> frames;
        auto status = decoder.feed(Bytes{'W', 'A', 6, version, 0, 0, 1, 0x42}, frames);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == "unsupported_connection_header");
        CHECK(status.error().message.find(std::to_string(version)) != std::string::npos);
        CHECK(frames.empty());
        CHECK(decoder.header_version() == 0);
    }
    // A wrong magic is refused as soon as its byte arrives, before any version byte.
    FrameDecoder decoder(FrameDecoder::Role::server);
    std::vector<Bytes> frames;
    auto status = decoder.feed(Bytes{'W', 'A', 7}, frames);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == "unsupported_connection_header");
}
