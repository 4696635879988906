#include <catch2/catch.hpp>

#include "backend/wa/transport/websocket_framing.hpp"

using namespace wagw::wa::transport;

namespace {

const std::uint8_t kMask[4] = {0x37, 0xfa, 0x21, 0x3d};

Bytes bytes_of(std::string_view text) { return Bytes(text.begin(), text.end()); }

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

}  // namespace

TEST_CASE("frames match the RFC 6455 examples") {
    // Section 5.7: a single-frame unmasked text message "Hello" and its masked form.
    CHECK(encode_websocket_frame(Opcode::text, bytes_of("Hello"), true, nullptr) ==
          Bytes{0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f});
    CHECK(encode_websocket_frame(Opcode::text, bytes_of("Hello"), true, kMask) ==
          Bytes{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58});
    // 256 bytes binary uses the 16-bit length, 64 KiB the 64-bit one.
    auto medium = encode_websocket_frame(Opcode::binary, Bytes(256, 0), true, nullptr);
    CHECK(Bytes(medium.begin(), medium.begin() + 4) == Bytes{0x82, 0x7E, 0x01, 0x00});
    auto large = encode_websocket_frame(Opcode::binary, Bytes(65536, 0), true, nullptr);
    CHECK(Bytes(large.begin(), large.begin() + 10) == Bytes{0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0});
}

TEST_CASE("the server reader unmasks and reassembles fragments, with a ping in between") {
    WebSocketReader reader(Role::server, 1 << 20);
    Bytes stream = concat({encode_websocket_frame(Opcode::binary, bytes_of("Hel"), false, kMask),
                           encode_websocket_frame(Opcode::ping, bytes_of("p"), true, kMask),
                           encode_websocket_frame(Opcode::continuation, bytes_of("lo"), false, kMask),
                           encode_websocket_frame(Opcode::continuation, {}, true, kMask)});
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        WebSocketReader split(Role::server, 1 << 20);
        std::vector<WebSocketEvent> events;
        REQUIRE_FALSE(split.feed(ByteView(stream).first(cut), events));
        REQUIRE_FALSE(split.feed(ByteView(stream).subspan(cut), events));
        INFO("cut at " << cut);
        REQUIRE(events.size() == 2);
        CHECK(events[0].kind == WebSocketEvent::Kind::ping);
        CHECK(events[0].payload == bytes_of("p"));
        CHECK(events[1].kind == WebSocketEvent::Kind::message);
        CHECK(events[1].message_opcode == Opcode::binary);
        CHECK(events[1].payload == bytes_of("Hello"));
    }
}

TEST_CASE("close frames carry a code and a reason") {
    WebSocketReader reader(Role::client, 1024);
    std::vector<WebSocketEvent> events;
    REQUIRE_FALSE(reader.feed(encode_websocket_frame(Opcode::close, make_close_payload(4000, "bye"), true, nullptr),
                              events));
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == WebSocketEvent::Kind::close);
    CHECK(events[0].close_code == 4000);
    CHECK(events[0].close_reason == "bye");
    // Long reasons are cut to fit in a control frame, never in the middle of a UTF-8 sequence.
    std::string long_reason(122, 'a');
    long_reason += "\xC3\xA9\xC3\xA9";
    auto payload = make_close_payload(1000, long_reason);
    CHECK(payload.size() == 2 + 122);
}

TEST_CASE("protocol violations are reported with the close code to send") {
    auto failure_of = [](Role role, Bytes stream, std::size_t limit = 1024) {
        WebSocketReader reader(role, limit);
        std::vector<WebSocketEvent> events;
        auto failure = reader.feed(stream, events);
        REQUIRE(failure);
        return *failure;
    };
    // Unmasked frame to a server, masked frame to a client.
    CHECK(failure_of(Role::server, encode_websocket_frame(Opcode::binary, Bytes{1}, true, nullptr)).close_code ==
          close_code::protocol_error);
    CHECK(failure_of(Role::client, encode_websocket_frame(Opcode::binary, Bytes{1}, true, kMask)).close_code ==
          close_code::protocol_error);
    // Reserved bits, unknown opcode, fragmented ping, oversize ping, orphan continuation, interleaved message.
    CHECK(failure_of(Role::client, Bytes{0xC2, 0x00}).error.code == "websocket_protocol_error");
    CHECK(failure_of(Role::client, Bytes{0x83, 0x00}).error.code == "websocket_protocol_error");
    CHECK(failure_of(Role::client, Bytes{0x09, 0x00}).error.code == "websocket_protocol_error");
    CHECK(failure_of(Role::client, encode_websocket_frame(Opcode::ping, Bytes(126, 0), true, nullptr))
              .error.code == "websocket_protocol_error");
    CHECK(failure_of(Role::client, encode_websocket_frame(Opcode::continuation, Bytes{1}, true, nullptr))
              .error.code == "websocket_protocol_error");
    CHECK(failure_of(Role::client, concat({encode_websocket_frame(Opcode::binary, Bytes{1}, false, nullptr),
                                           encode_websocket_frame(Opcode::binary, Bytes{2}, true, nullptr)}))
              .error.code == "websocket_protocol_error");
    // Close with a reserved code.
    CHECK(failure_of(Role::client, encode_websocket_frame(Opcode::close, Bytes{0x03, 0xED}, true, nullptr))
              .error.code == "websocket_protocol_error");
}

TEST_CASE("messages above the size limit are refused from the header alone, also across fragments") {
    WebSocketReader reader(Role::client, 100);
    std::vector<WebSocketEvent> events;
    // Header of a 1 MB frame, without its payload: refused before buffering anything.
    auto header = encode_websocket_frame(Opcode::binary, Bytes(1 << 20, 0), true, nullptr);
    header.resize(10);
    auto failure = reader.feed(header, events);
    REQUIRE(failure);
    CHECK(failure->close_code == close_code::message_too_big);
    CHECK(failure->error.code == "message_too_large");

    WebSocketReader fragments(Role::client, 100);
    auto fragmented = concat({encode_websocket_frame(Opcode::binary, Bytes(60, 1), false, nullptr),
                              encode_websocket_frame(Opcode::continuation, Bytes(60, 2), true, nullptr)});
    failure = fragments.feed(fragmented, events);
    REQUIRE(failure);
    CHECK(failure->close_code == close_code::message_too_big);

    WebSocketReader exact(Role::client, 100);
    events.clear();
    REQUIRE_FALSE(exact.feed(encode_websocket_frame(Opcode::binary, Bytes(100, 3), true, nullptr), events));
    CHECK(events.size() == 1);
}
