// Failures over real loopback sockets: each must come back as an Error with the right code, in bounded time.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loopback_fixture.hpp"

using namespace wagw::wa::transport;
using namespace wagw::wa::transport::test;
using wagw::Result;

namespace {

// A port that nothing listens on: bind, read the port, close.
std::uint16_t closed_port() {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

ClientOptions client_for(std::string url) {
    ClientOptions options;
    options.url = std::move(url);
    options.connect_timeout = 2s;
    options.handshake_timeout = 2s;
    return options;
}

}  // namespace

TEST_CASE("connecting to a closed port reports connection_refused") {
    IoThreads threads;
    auto result = connect_and_wait(threads.io, client_for("ws://127.0.0.1:" + std::to_string(closed_port()) + "/ws/chat"));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "connection_refused");
    CHECK(result.error().message.find("127.0.0.1") != std::string::npos);
}

TEST_CASE("an invalid URL is reported without touching the network") {
    IoThreads threads;
    auto result = connect_and_wait(threads.io, client_for("https://127.0.0.1/ws/chat"));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "invalid_url");
}

TEST_CASE("a listener whose accept queue is full makes connect time out") {
    // Linux drops SYNs once a listener's accept queue (backlog 0 => 1 entry) is full, so the TCP connect never
    // completes: that is the connect timeout, reproduced on loopback.
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io);
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor.open(endpoint.protocol());
    acceptor.bind(endpoint);
    acceptor.listen(0);
    const auto port = acceptor.local_endpoint().port();
    // Non-blocking connects that fill the queue (asio's own sync connect would wait for them to complete).
    struct Fillers {
        std::vector<int> fds;
        ~Fillers() {
            for (int fd : fds) ::close(fd);
        }
    } fillers;
    for (int i = 0; i < 3; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        REQUIRE(fd >= 0);
        fillers.fds.push_back(fd);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        (void)::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    }
    std::this_thread::sleep_for(100ms);

    IoThreads threads;
    auto options = client_for("ws://127.0.0.1:" + std::to_string(port) + "/ws/chat");
    options.connect_timeout = 300ms;
    const auto started = std::chrono::steady_clock::now();
    auto result = connect_and_wait(threads.io, options);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "timeout");
    CHECK(result.error().message.find("connecting") != std::string::npos);
    CHECK(elapsed < 3s);
}

TEST_CASE("a server that never answers the upgrade makes the handshake time out") {
    asio::io_context silent_io;
    asio::ip::tcp::acceptor acceptor(silent_io, {asio::ip::make_address("127.0.0.1"), 0});
    // Accepts (the kernel does it for us: the connection sits in the backlog) and never writes a byte.
    IoThreads threads;
    auto options = client_for("ws://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/ws/chat");
    options.handshake_timeout = 300ms;
    const auto started = std::chrono::steady_clock::now();
    auto result = connect_and_wait(threads.io, options);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "timeout");
    CHECK(result.error().message.find("handshake") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
}

TEST_CASE("TLS to a certificate we do not trust fails verification") {
    IoThreads threads;
    ServerOptions server_options;
    server_options.tls = test_credentials();
    auto server = WebSocketServer::start(threads.io, server_options, [](std::shared_ptr<WebSocketConnection>) {});
    REQUIRE(server.ok());
    const std::string url = "wss://127.0.0.1:" + std::to_string((*server)->port()) + "/ws/chat";

    SECTION("system store only") {
        auto result = connect_and_wait(threads.io, client_for(url));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "tls_verify_failed");
        CHECK(result.error().message.find("self-signed") != std::string::npos);
    }
    SECTION("a different self-signed certificate is trusted") {
        auto options = client_for(url);
        options.tls.trusted_certificate_pem = make_self_signed_certificate()->certificate_pem;
        auto result = connect_and_wait(threads.io, options);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "tls_verify_failed");
    }
    SECTION("the right certificate but a name it does not cover") {
        SelfSignedRequest request;
        request.dns_names = {"simulator.test"};
        request.ip_addresses = {"10.1.2.3"};
        auto other = make_self_signed_certificate(request);
        ServerOptions other_options;
        other_options.tls = *other;
        auto other_server = WebSocketServer::start(threads.io, other_options, [](std::shared_ptr<WebSocketConnection>) {});
        REQUIRE(other_server.ok());
        auto options = client_for("wss://127.0.0.1:" + std::to_string((*other_server)->port()) + "/ws/chat");
        options.tls.trusted_certificate_pem = other->certificate_pem;
        auto result = connect_and_wait(threads.io, options);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "tls_verify_failed");
    }
    SECTION("verification switched off connects anyway") {
        auto options = client_for(url);
        options.tls.verify_peer = false;
        auto result = connect_and_wait(threads.io, options);
        CHECK(result.ok());
    }
}

TEST_CASE("wss:// to a plain server and ws:// to a TLS server fail with a clear error") {
    IoThreads threads;
    auto plain = WebSocketServer::start(threads.io, {}, [](std::shared_ptr<WebSocketConnection>) {});
    ServerOptions tls_options;
    tls_options.tls = test_credentials();
    tls_options.handshake_timeout = 300ms;
    auto tls = WebSocketServer::start(threads.io, tls_options, [](std::shared_ptr<WebSocketConnection>) {});
    REQUIRE(plain.ok());
    REQUIRE(tls.ok());

    auto to_plain = client_for("wss://127.0.0.1:" + std::to_string((*plain)->port()) + "/ws/chat");
    to_plain.handshake_timeout = 3s;
    to_plain.tls.verify_peer = false;
    auto first = connect_and_wait(threads.io, to_plain);
    REQUIRE_FALSE(first.ok());
    CHECK(first.error().code == "tls_handshake_failed");  // at once: the plain server spots the ClientHello

    auto second = connect_and_wait(threads.io, client_for("ws://127.0.0.1:" + std::to_string((*tls)->port()) + "/ws/chat"));
    REQUIRE_FALSE(second.ok());
    CHECK((second.error().code == "connection_closed" || second.error().code == "bad_upgrade_reply" ||
           second.error().code == "connection_reset"));
}

TEST_CASE("an upgrade on the wrong path is refused with 404") {
    IoThreads threads;
    auto server = WebSocketServer::start(threads.io, {}, [](std::shared_ptr<WebSocketConnection>) {});
    REQUIRE(server.ok());
    auto result = connect_and_wait(threads.io, client_for("ws://127.0.0.1:" + std::to_string((*server)->port()) + "/elsewhere"));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "bad_upgrade_reply");
    CHECK(result.error().message.find("404") != std::string::npos);
}

TEST_CASE("limits: oversize messages, a full send queue, an idle peer") {
    // weak: a connection must not outlive the io_context, and this promise does.
    std::promise<std::weak_ptr<WebSocketConnection>> accepted;
    Inbox server_inbox, inbox;  // declared first: outlive the I/O threads that call into them
    IoThreads threads;
    ServerOptions server_options;
    server_options.limits.max_message_size = 1000;
    server_options.limits.idle_timeout = 300ms;
    auto server = WebSocketServer::start(threads.io, server_options, [&](std::shared_ptr<WebSocketConnection> c) {
        c->start(server_inbox.handlers());
        accepted.set_value(c);
    });
    REQUIRE(server.ok());
    auto options = client_for("ws://127.0.0.1:" + std::to_string((*server)->port()) + "/ws/chat");
    options.limits.max_queued_bytes = 1500;
    auto connection = connect_and_wait(threads.io, options);
    REQUIRE(connection.ok());
    (*connection)->start(inbox.handlers());

    SECTION("the server refuses a message above its limit with 1009") {
        REQUIRE((*connection)->send(Bytes(1001, 1)).ok());
        REQUIRE(inbox.wait_closed());
        CHECK(inbox.closed_event().code == close_code::message_too_big);
        REQUIRE(server_inbox.wait_closed());
        REQUIRE(server_inbox.closed_event().error);
        CHECK(server_inbox.closed_event().error->code == "message_too_large");
    }
    SECTION("the send queue is bounded") {
        // On the strand nothing can be written between the two sends, so the second one must not fit.
        std::promise<std::pair<bool, std::string>> outcome;
        asio::post((*connection)->strand(), [&] {
            bool first = (*connection)->send(Bytes(1000, 1)).ok();
            auto second = (*connection)->send(Bytes(1000, 2));
            outcome.set_value({first, second.ok() ? "" : second.error().code});
        });
        auto [first_ok, second_code] = outcome.get_future().get();
        CHECK(first_ok);
        CHECK(second_code == "send_queue_full");
        REQUIRE(server_inbox.wait_messages(1));
        // Once written, the queue has room again.
        for (int i = 0; i < 100 && (*connection)->queued_bytes() > 0; ++i) std::this_thread::sleep_for(10ms);
        CHECK((*connection)->send(Bytes(1000, 3)).ok());
    }
    SECTION("a client that says nothing is closed by the server's idle timeout") {
        REQUIRE(inbox.wait_closed(3s));
        CHECK(inbox.closed_event().code == close_code::going_away);
        REQUIRE(server_inbox.wait_closed());
        REQUIRE(server_inbox.closed_event().error);
        CHECK(server_inbox.closed_event().error->code == "timeout");
    }
    SECTION("sending more than the local limit fails at once") {
        auto sent = (*connection)->send(Bytes((std::size_t{1} << 24) + 1, 0));
        REQUIRE_FALSE(sent.ok());
        CHECK(sent.error().code == "message_too_large");
    }
}

TEST_CASE("after stop() the server accepts no new connections; without an HTTP handler other paths get 404") {
    IoThreads threads;
    auto server = WebSocketServer::start(threads.io, {}, [](std::shared_ptr<WebSocketConnection>) {});
    REQUIRE(server.ok());
    const auto port = (*server)->port();
    {
        asio::io_context client_io;
        asio::ip::tcp::socket socket(client_io);
        socket.connect({asio::ip::make_address("127.0.0.1"), port});
        asio::write(socket, asio::buffer(std::string("GET /media/x HTTP/1.1\r\nHost: a\r\n\r\n")));
        std::string reply;
        asio::read_until(socket, asio::dynamic_buffer(reply), "\r\n");
        CHECK(reply.rfind("HTTP/1.1 404", 0) == 0);
    }
    (*server)->stop();
    std::this_thread::sleep_for(50ms);
    auto result = connect_and_wait(threads.io, client_for("ws://127.0.0.1:" + std::to_string(port) + "/ws/chat"));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == "connection_refused");
}

TEST_CASE("a port in use is reported as such") {
    IoThreads threads;
    auto first = WebSocketServer::start(threads.io, {}, [](std::shared_ptr<WebSocketConnection>) {});
    REQUIRE(first.ok());
    ServerOptions options;
    options.port = (*first)->port();
    auto second = WebSocketServer::start(threads.io, options, [](std::shared_ptr<WebSocketConnection>) {});
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == "address_in_use");
}
