// The media HTTPS client against a local TLS server: a POST body arrives whole, the reply body comes back,
// and a server outside the trust settings is refused.
#include <catch2/catch.hpp>

#include <asio/io_context.hpp>

#include "backend/wa/client/events.hpp"
#include "backend/wa/client/https_request.hpp"
#include "backend/wa/transport/websocket_server.hpp"

using namespace wagw;
using namespace wagw::wa;

namespace {

struct LocalHttps {
    asio::io_context io;
    transport::TlsCredentials credentials;
    std::shared_ptr<transport::WebSocketServer> server;
    std::string received_body, received_target;

    LocalHttps() {
        credentials = *transport::make_self_signed_certificate();
        transport::ServerOptions options;
        options.tls = credentials;
        server = *transport::WebSocketServer::start(
            io, options, [](auto) {},
            [this](transport::HttpRequest request, transport::HttpResponder respond) {
                received_body = request.body;
                received_target = request.target;
                transport::HttpResponse response;
                response.content_type = "application/json";
                response.body = std::string(100000, 'x');
                respond(response);
            });
    }

    Result<client::HttpsReply> run(client::HttpsRequest request, const transport::TlsClientOptions& tls) {
        std::optional<Result<client::HttpsReply>> result;
        client::https_request(io, tls, std::move(request), [&](Result<client::HttpsReply> r) {
            result = std::move(r);
            server->stop();
        });
        io.run_for(std::chrono::seconds(10));
        REQUIRE(result.has_value());
        return std::move(*result);
    }
};

}  // namespace

TEST_CASE("an HTTPS POST reaches the server whole and its reply comes back") {
    LocalHttps local;
    client::HttpsRequest request;
    request.method = "POST";
    request.url = "https://127.0.0.1:" + std::to_string(local.server->port()) + "/mms/image/TOKEN?auth=a%2Bb";
    request.body = std::string(300000, 'b');
    transport::TlsClientOptions tls;
    tls.trusted_certificate_pem = local.credentials.certificate_pem;
    auto reply = local.run(request, tls);
    REQUIRE(reply.ok());
    CHECK(reply->status == 200);
    CHECK(reply->body == std::string(100000, 'x'));
    CHECK(local.received_body == request.body);
    CHECK(local.received_target == "/mms/image/TOKEN?auth=a%2Bb");
}

TEST_CASE("a media server the TLS settings do not trust is refused") {
    LocalHttps local;
    client::HttpsRequest request;
    request.url = "https://127.0.0.1:" + std::to_string(local.server->port()) + "/v/x";
    auto other = *transport::make_self_signed_certificate();
    transport::TlsClientOptions tls;
    tls.trusted_certificate_pem = other.certificate_pem;
    auto reply = local.run(request, tls);
    REQUIRE_FALSE(reply.ok());
    CHECK(reply.error().code == "tls_failed");
}

TEST_CASE("only https:// URLs are fetched") {
    asio::io_context io;
    std::optional<Result<client::HttpsReply>> result;
    client::https_request(io, {}, client::HttpsRequest{.url = "http://example.com/"},
                          [&](Result<client::HttpsReply> r) { result = std::move(r); });
    REQUIRE(result.has_value());
    CHECK(result->error().code == "bad_url");
}

TEST_CASE("a URL that would smuggle its own request line or headers is refused before connecting") {
    asio::io_context io;
    for (const char* url : {"https://mmg.whatsapp.net/v/t62\r\nX-Injected: 1", "https://mmg.whatsapp.net/a b",
                            "https://mmg.whatsapp.net/a\nb", "https://mmg.whatsapp.net/a\tb"}) {
        INFO(url);
        std::optional<Result<client::HttpsReply>> result;
        client::https_request(io, {}, client::HttpsRequest{.url = url},
                              [&](Result<client::HttpsReply> r) { result = std::move(r); });
        REQUIRE(result.has_value());
        CHECK(result->error().code == "bad_url");
    }
}

TEST_CASE("a received media message is printed with its hashes but never its media key") {
    client::MessageReceived received;
    received.id = "ABC";
    received.kind = "image";
    message::Media media;
    media.kind = media::MediaKind::Image;
    media.caption = "look";
    media.media_key = std::vector<std::uint8_t>(32, 0xAB);
    media.file_sha256 = std::vector<std::uint8_t>(32, 0x01);
    received.content = media;
    std::string json = client::to_json(client::ClientEvent{received});
    CHECK(json.find("\"caption\":\"look\"") != std::string::npos);
    CHECK(json.find("0101010101010101") != std::string::npos);
    CHECK(json.find("abababab") == std::string::npos);
    CHECK(json.find("ABABABAB") == std::string::npos);
}
