#include <catch2/catch.hpp>

#include "backend/wa/transport/http_body.hpp"
#include "backend/wa/transport/http_upgrade.hpp"

using namespace wagw::wa::transport;

TEST_CASE("Sec-WebSocket-Accept matches the RFC 6455 example") {
    CHECK(websocket_accept_for("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    CHECK(make_websocket_key().size() == 24);
    CHECK(make_websocket_key() != make_websocket_key());
}

TEST_CASE("WebSocket URLs") {
    auto wss = parse_websocket_url("wss://web.whatsapp.com/ws/chat");
    REQUIRE(wss.ok());
    CHECK(wss->tls);
    CHECK(wss->host == "web.whatsapp.com");
    CHECK(wss->port == 443);
    CHECK(wss->target == "/ws/chat");
    CHECK(wss->host_header() == "web.whatsapp.com");
    CHECK_FALSE(wss->host_is_ip_literal);

    auto v6 = parse_websocket_url("ws://[::1]:8080?x=1");
    REQUIRE(v6.ok());
    CHECK(v6->host == "::1");
    CHECK(v6->port == 8080);
    CHECK(v6->target == "/?x=1");
    CHECK(v6->host_is_ip_literal);
    CHECK(v6->host_header() == "[::1]:8080");

    auto v4 = parse_websocket_url("ws://127.0.0.1:9/");
    REQUIRE(v4.ok());
    CHECK(v4->host_is_ip_literal);

    for (const char* bad : {"http://x/", "ws://", "ws://host:0/", "ws://host:70000/", "ws://[::1/", "ws://u@h/"})
        CHECK(parse_websocket_url(bad).error().code == "invalid_url");
}

TEST_CASE("the upgrade request carries Origin and extra headers; the reply is checked") {
    auto url = parse_websocket_url("wss://127.0.0.1:4443/ws/chat");
    std::string request = build_upgrade_request(*url, "dGhlIHNhbXBsZSBub25jZQ==", "https://web.whatsapp.com",
                                                {{"User-Agent", "wagw-test"}});
    auto parsed = parse_http_request_head(request);
    REQUIRE(parsed.ok());
    CHECK(parsed->method == "GET");
    CHECK(parsed->target == "/ws/chat");
    CHECK(parsed->header("origin") == "https://web.whatsapp.com");
    CHECK(parsed->header("HOST") == "127.0.0.1:4443");
    CHECK(parsed->header("user-agent") == "wagw-test");
    auto key = check_upgrade_request(*parsed);
    REQUIRE(key.ok());

    auto reply = parse_http_response_head(build_upgrade_response(*key));
    REQUIRE(reply.ok());
    CHECK(reply->status == 101);
    CHECK(check_upgrade_response(*reply, *key).ok());
    // Another key's accept value, a 200, a missing Upgrade header: all refused.
    CHECK(check_upgrade_response(*reply, make_websocket_key()).error().code == "bad_upgrade_reply");
    auto ok200 = parse_http_response_head("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    REQUIRE(ok200.ok());
    CHECK(check_upgrade_response(*ok200, *key).error().message.find("HTTP 200") != std::string::npos);
    auto no_upgrade = parse_http_response_head("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: " +
                                               websocket_accept_for(*key) + "\r\n\r\n");
    CHECK(check_upgrade_response(*no_upgrade, *key).error().code == "bad_upgrade_reply");
    CHECK(parse_http_response_head("SSH-2.0-OpenSSH\r\n\r\n").error().code == "bad_upgrade_reply");
}

TEST_CASE("upgrade requests without the required headers are refused") {
    auto head = parse_http_request_head("GET /ws/chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                                        "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n");
    REQUIRE(head.ok());
    CHECK(check_upgrade_request(*head).error().code == "bad_upgrade_request");  // no key
    CHECK(parse_http_request_head("GET /\r\n\r\n").error().code == "bad_http");
    CHECK(parse_http_request_head("GET / HTTP/1.1\r\nno colon\r\n\r\n").error().code == "bad_http");
}

TEST_CASE("chunked bodies are decoded once complete") {
    std::string wire = "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nTrailer: x\r\n\r\nNEXT";
    for (std::size_t cut = 0; cut < wire.size() - 4; ++cut) {
        std::string body;
        auto partial = decode_chunked_body(std::string_view(wire).substr(0, cut), 1000, body);
        REQUIRE(partial.ok());
        CHECK_FALSE(partial->has_value());
    }
    std::string body;
    auto done = decode_chunked_body(wire, 1000, body);
    REQUIRE(done.ok());
    REQUIRE(done->has_value());
    CHECK(**done == wire.size() - 4);
    CHECK(body == "Wikipedia");
    CHECK(decode_chunked_body("zz\r\n", 1000, body).error().code == "bad_http");
    CHECK(decode_chunked_body("10\r\n", 8, body).error().code == "body_too_large");
}

// Trailers are ignored, so nothing but a cap stops a peer from sending them forever while the server buffers
// them.
TEST_CASE("a chunked body whose trailers never end is refused once they pass the cap") {
    std::string body;
    const std::string start = "3\r\nabc\r\n0\r\n";
    std::string many_lines = start;
    while (many_lines.size() < start.size() + 2 * kMaxChunkedTrailers) many_lines += "X-Pad: 0123456789\r\n";
    auto refused = decode_chunked_body(many_lines, 1000, body);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "bad_http");
    auto one_line =
        decode_chunked_body(start + "X-Pad: " + std::string(2 * kMaxChunkedTrailers, 'a'), 1000, body);
    REQUIRE_FALSE(one_line.ok());
    CHECK(one_line.error().code == "bad_http");
    auto long_extension =
        decode_chunked_body("3;ext=" + std::string(2 * kMaxChunkSizeLine, 'e') + "\r\nabc\r\n", 1000, body);
    REQUIRE_FALSE(long_extension.ok());
    CHECK(long_extension.error().code == "bad_http");
    CHECK(body.empty());

    // Trailers within the cap are still fine.
    std::string modest = start;
    while (modest.size() < start.size() + kMaxChunkedTrailers / 2) modest += "X-Pad: 0123456789\r\n";
    modest += "\r\n";
    auto accepted = decode_chunked_body(modest, 1000, body);
    REQUIRE(accepted.ok());
    REQUIRE(accepted->has_value());
    CHECK(**accepted == modest.size());
    CHECK(body == "abc");
}

TEST_CASE("a chunked body fed a byte at a time is decoded as the bytes arrive") {
    std::string wire;
    std::string expected;
    for (int i = 0; i < 2000; ++i) {
        const std::string data = std::to_string(i);
        wire += std::to_string(data.size()) + ";n=" + data + "\r\n" + data + "\r\n";
        expected += data;
    }
    wire += "0\r\nTrailer: x\r\n\r\nNEXT REQUEST";
    ChunkedBodyDecoder decoder(1 << 20);
    std::optional<std::size_t> end;
    for (std::size_t have = 1; have <= wire.size() && !end; ++have) {
        auto fed = decoder.feed(std::string_view(wire).substr(0, have));
        REQUIRE(fed.ok());
        end = *fed;
    }
    REQUIRE(end.has_value());
    CHECK(*end == wire.size() - std::string("NEXT REQUEST").size());
    CHECK(decoder.take_body() == expected);

    // Many tiny chunks: the framing around the data is limited too, not only the data.
    std::string tiny;
    while (tiny.size() < 2 * kMaxChunkedFramingSlack) tiny += "1;pad=" + std::string(900, 'p') + "\r\nz\r\n";
    ChunkedBodyDecoder bounded(1000);  // the data (one byte a chunk) stays far below it
    auto refused = bounded.feed(tiny);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "body_too_large");
}
