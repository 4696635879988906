// Our client against our server over real loopback sockets, plain and TLS.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "loopback_fixture.hpp"

using namespace wagw::wa::transport;
using namespace wagw::wa::transport::test;

namespace {

// Echo server that also greets each client with one server-initiated message, and remembers what it saw.
// Handlers share `seen` (not `this`), so late callbacks after the test's end touch nothing freed.
struct EchoServer {
    struct Seen {
        std::mutex mutex;
        std::vector<std::string> origins;
        std::vector<CloseEvent> server_side_closes;
        std::condition_variable changed;
    };
    std::shared_ptr<Seen> seen = std::make_shared<Seen>();
    std::shared_ptr<WebSocketServer> server;

    EchoServer(asio::io_context& io, ServerOptions options) {
        auto started = WebSocketServer::start(io, std::move(options), [seen = seen](std::shared_ptr<WebSocketConnection> c) {
            {
                std::lock_guard lock(seen->mutex);
                seen->origins.emplace_back(c->handshake().header("Origin").value_or(""));
            }
            std::weak_ptr<WebSocketConnection> weak = c;
            c->start({[weak](Bytes message) {
                          if (auto self = weak.lock()) (void)self->send(std::move(message));
                      },
                      [seen](const CloseEvent& event) {
                          std::lock_guard lock(seen->mutex);
                          seen->server_side_closes.push_back(event);
                          seen->changed.notify_all();
                      }});
            (void)c->send(pattern(3, 42));  // "hello" from the server
        });
        REQUIRE(started.ok());
        server = *started;
    }
    bool wait_server_closes(std::size_t count) {
        std::unique_lock lock(seen->mutex);
        return seen->changed.wait_for(lock, 5s, [&] { return seen->server_side_closes.size() >= count; });
    }
    std::vector<std::string> origins() {
        std::lock_guard lock(seen->mutex);
        return seen->origins;
    }
    CloseEvent server_close(std::size_t i) {
        std::lock_guard lock(seen->mutex);
        return seen->server_side_closes.at(i);
    }
};

void exchange_messages(bool tls) {
    Inbox inbox;  // declared first: outlives the I/O threads that call into it
    IoThreads threads;
    ServerOptions server_options;
    if (tls) server_options.tls = test_credentials();
    EchoServer echo(threads.io, server_options);

    ClientOptions options;
    options.url = std::string(tls ? "wss" : "ws") + "://127.0.0.1:" + std::to_string(echo.server->port()) + "/ws/chat";
    options.tls.trusted_certificate_pem = test_credentials().certificate_pem;
    auto connection = connect_and_wait(threads.io, options);
    REQUIRE(connection.ok());
    (*connection)->start(inbox.handlers());

    REQUIRE(inbox.wait_messages(1));
    CHECK(inbox.message(0) == pattern(3, 42));  // server -> client
    const std::vector<std::size_t> sizes{0, 1, 125, 126, 65535, 65536, 1 << 20};
    for (std::size_t size : sizes) REQUIRE((*connection)->send(pattern(size, static_cast<std::uint8_t>(size))).ok());
    REQUIRE(inbox.wait_messages(1 + sizes.size()));
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        INFO("message of " << sizes[i] << " bytes");
        CHECK(inbox.message(1 + i) == pattern(sizes[i], static_cast<std::uint8_t>(sizes[i])));
    }
    CHECK(echo.origins() == std::vector<std::string>{"https://web.whatsapp.com"});

    (*connection)->close(close_code::normal, "bye");
    REQUIRE(inbox.wait_closed());
    CHECK(inbox.closed_event().clean);
    CHECK(inbox.closed_event().initiated_locally);
    CHECK(inbox.closed_event().code == close_code::normal);
    REQUIRE(echo.wait_server_closes(1));
    CHECK(echo.server_close(0).clean);
    CHECK_FALSE(echo.server_close(0).initiated_locally);
    CHECK_FALSE((*connection)->send(Bytes{1}).ok());
}

}  // namespace

TEST_CASE("ws:// messages both ways, up to 1 MB, then a clean close from the client") { exchange_messages(false); }

TEST_CASE("wss:// with the server's self-signed certificate trusted explicitly") { exchange_messages(true); }

TEST_CASE("the server closes: the client sees the code and reason, cleanly") {
    // weak: a connection must not outlive the io_context, and this promise does.
    std::promise<std::weak_ptr<WebSocketConnection>> accepted;
    Inbox inbox;
    IoThreads threads;
    auto server = WebSocketServer::start(threads.io, {}, [&](std::shared_ptr<WebSocketConnection> c) {
        c->start({});
        accepted.set_value(c);
    });
    REQUIRE(server.ok());
    ClientOptions options;
    options.url = "ws://127.0.0.1:" + std::to_string((*server)->port()) + "/ws/chat";
    auto connection = connect_and_wait(threads.io, options);
    REQUIRE(connection.ok());
    (*connection)->start(inbox.handlers());
    auto server_side = accepted.get_future();
    REQUIRE(ready_within(server_side));
    auto server_connection = server_side.get().lock();
    REQUIRE(server_connection);
    server_connection->close(4000, "logged out");
    REQUIRE(inbox.wait_closed());
    CHECK(inbox.closed_event().clean);
    CHECK_FALSE(inbox.closed_event().initiated_locally);
    CHECK(inbox.closed_event().code == 4000);
    CHECK(inbox.closed_event().reason == "logged out");
}

TEST_CASE("200 concurrent connections share one io_context with 2 threads") {
    IoThreads threads(2);
    EchoServer echo(threads.io, {});
    constexpr int kConnections = 200;
    constexpr int kMessages = 5;
    std::atomic<int> connected{0}, echoed{0}, closed_cleanly{0}, failures{0};
    std::mutex mutex;
    std::condition_variable done;
    std::vector<std::shared_ptr<WebSocketConnection>> connections;

    ClientOptions options;
    options.url = "ws://127.0.0.1:" + std::to_string(echo.server->port()) + "/ws/chat";
    for (int i = 0; i < kConnections; ++i) {
        connect_websocket(threads.io, options, [&, i](wagw::Result<std::shared_ptr<WebSocketConnection>> result) {
            if (!result) {
                ++failures;
                done.notify_all();
                return;
            }
            auto connection = *result;
            {
                std::lock_guard lock(mutex);
                connections.push_back(connection);
            }
            auto received = std::make_shared<int>(0);  // strand-only
            std::weak_ptr<WebSocketConnection> weak = connection;
            connection->start({[&, weak, received, i](Bytes message) {
                                   // The first message is the server's greeting; the rest are echoes, in order.
                                   if (*received > 0 && message != pattern(100 + static_cast<std::size_t>(*received), static_cast<std::uint8_t>(i))) ++failures;
                                   if (++*received == 1 + kMessages) {
                                       ++echoed;
                                       if (auto c = weak.lock()) c->close();
                                   }
                               },
                               [&](const CloseEvent& event) {
                                   if (event.clean) ++closed_cleanly; else ++failures;
                                   done.notify_all();
                               }});
            ++connected;
            for (int m = 1; m <= kMessages; ++m)
                if (!connection->send(pattern(100 + static_cast<std::size_t>(m), static_cast<std::uint8_t>(i))).ok()) ++failures;
        });
    }
    std::unique_lock lock(mutex);
    bool finished = done.wait_for(lock, 20s, [&] { return closed_cleanly + failures >= kConnections; });
    lock.unlock();
    CHECK(finished);
    CHECK(failures == 0);
    CHECK(connected == kConnections);
    CHECK(echoed == kConnections);
    CHECK(closed_cleanly == kConnections);
    CHECK(echo.wait_server_closes(kConnections));
    threads.stop();  // the handlers above capture this test's locals by reference
}

TEST_CASE("ordinary HTTP requests on other paths go to the HTTP handler, with keep-alive") {
    IoThreads threads;
    auto server = WebSocketServer::start(
        threads.io, {}, [](std::shared_ptr<WebSocketConnection>) {},
        [](HttpRequest request, HttpResponder respond) {
            std::thread([request = std::move(request), respond = std::move(respond)] {  // answering from elsewhere is fine
                respond({200, "text/plain", {{"X-Path", std::string(request.path())}},
                         request.method + " " + std::to_string(request.body.size())});
            }).detach();
        });
    REQUIRE(server.ok());
    asio::io_context client_io;
    asio::ip::tcp::socket socket(client_io);
    socket.connect({asio::ip::make_address("127.0.0.1"), (*server)->port()});
    std::string requests =
        "POST /upload?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
        "POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        "GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    asio::write(socket, asio::buffer(requests));
    std::string replies;
    std::error_code ec;
    asio::read(socket, asio::dynamic_buffer(replies), ec);  // until the server closes after the third
    CHECK(ec == asio::error::eof);
    CHECK(replies.find("X-Path: /upload\r\n") != std::string::npos);
    CHECK(replies.find("POST 5") != std::string::npos);
    CHECK(replies.find("POST 3") != std::string::npos);
    CHECK(replies.find("GET 0") != std::string::npos);
    CHECK(replies.find("Connection: close") != std::string::npos);
}

TEST_CASE("a raw client's fragmented message and ping reach the server correctly") {
    IoThreads threads;
    EchoServer echo(threads.io, {});
    asio::io_context client_io;
    asio::ip::tcp::socket socket(client_io);
    socket.connect({asio::ip::make_address("127.0.0.1"), echo.server->port()});
    std::string key = make_websocket_key();
    auto url = parse_websocket_url("ws://127.0.0.1/ws/chat");
    asio::write(socket, asio::buffer(build_upgrade_request(*url, key, "", {})));
    std::string head;
    asio::read_until(socket, asio::dynamic_buffer(head), "\r\n\r\n");
    auto reply = parse_http_response_head(head.substr(0, head.find("\r\n\r\n") + 4));
    REQUIRE(reply.ok());
    REQUIRE(check_upgrade_response(*reply, key).ok());
    Bytes leftover(head.begin() + static_cast<std::ptrdiff_t>(head.find("\r\n\r\n") + 4), head.end());

    const std::uint8_t mask[4] = {1, 2, 3, 4};
    Bytes out;
    auto append = [&](Bytes frame) { out.insert(out.end(), frame.begin(), frame.end()); };
    Bytes big = pattern(300000, 9);
    append(encode_websocket_frame(Opcode::binary, ByteView(big).first(100000), false, mask));
    append(encode_websocket_frame(Opcode::ping, Bytes{7, 7}, true, mask));
    append(encode_websocket_frame(Opcode::continuation, ByteView(big).subspan(100000, 100000), false, mask));
    append(encode_websocket_frame(Opcode::continuation, ByteView(big).subspan(200000), true, mask));
    append(encode_websocket_frame(Opcode::close, make_close_payload(1000, ""), true, mask));
    asio::write(socket, asio::buffer(out));

    WebSocketReader reader(Role::client, 1 << 20);
    std::vector<WebSocketEvent> events;
    REQUIRE_FALSE(reader.feed(leftover, events));
    std::array<std::uint8_t, 65536> buffer;
    std::error_code ec;
    for (int reads = 0; reads < 1000 && !ec; ++reads) {
        std::size_t n = socket.read_some(asio::buffer(buffer), ec);
        REQUIRE_FALSE(reader.feed(ByteView(buffer.data(), n), events));
    }
    CHECK(ec == asio::error::eof);  // the server closes TCP after the close handshake
    // Greeting, pong, echo of the reassembled 300 kB message, close reply.
    REQUIRE(events.size() == 4);
    CHECK(events[0].payload == pattern(3, 42));
    CHECK(events[1].kind == WebSocketEvent::Kind::pong);
    CHECK(events[1].payload == Bytes{7, 7});
    CHECK(events[2].kind == WebSocketEvent::Kind::message);
    CHECK(events[2].payload == big);
    CHECK(events[3].kind == WebSocketEvent::Kind::close);
    CHECK(events[3].close_code == 1000);
}

TEST_CASE("frames that arrive with the 101 reply, fragmented messages and pings reach our client") {
    // A hand-written server: one write holds the 101 reply, a message, a fragmented message with a ping inside.
    asio::io_context raw_io;
    asio::ip::tcp::acceptor acceptor(raw_io, {asio::ip::make_address("127.0.0.1"), 0});
    const Bytes big = pattern(200000, 5);
    std::promise<WebSocketEvent> client_pong;
    std::thread raw_server([&] {
        asio::ip::tcp::socket socket(raw_io);
        acceptor.accept(socket);
        std::string request;
        asio::read_until(socket, asio::dynamic_buffer(request), "\r\n\r\n");
        auto head = parse_http_request_head(request);
        auto key = check_upgrade_request(*head);
        std::string reply = build_upgrade_response(*key);
        Bytes out(reply.begin(), reply.end());
        auto append = [&](Bytes frame) { out.insert(out.end(), frame.begin(), frame.end()); };
        append(encode_websocket_frame(Opcode::binary, pattern(10, 1), true, nullptr));
        append(encode_websocket_frame(Opcode::binary, ByteView(big).first(50000), false, nullptr));
        append(encode_websocket_frame(Opcode::ping, Bytes{1, 2, 3}, true, nullptr));
        append(encode_websocket_frame(Opcode::continuation, ByteView(big).subspan(50000), true, nullptr));
        asio::write(socket, asio::buffer(out));
        // Read until the client's pong (masked, as a client must).
        WebSocketReader reader(Role::server, 1 << 20);
        std::vector<WebSocketEvent> events;
        std::array<std::uint8_t, 4096> buffer;
        std::error_code ec;
        for (int reads = 0; reads < 100 && events.empty() && !ec; ++reads) {
            std::size_t n = socket.read_some(asio::buffer(buffer), ec);
            if (reader.feed(ByteView(buffer.data(), n), events)) break;
        }
        client_pong.set_value(events.empty() ? WebSocketEvent{WebSocketEvent::Kind::close} : events.front());
    });

    Inbox inbox;
    IoThreads threads;
    ClientOptions options;
    options.url = "ws://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/ws/chat";
    auto connection = connect_and_wait(threads.io, options);
    REQUIRE(connection.ok());
    (*connection)->start(inbox.handlers());
    CHECK(inbox.wait_messages(2));
    CHECK(inbox.message(0) == pattern(10, 1));
    CHECK(inbox.message(1) == big);
    auto pong = client_pong.get_future();
    REQUIRE(ready_within(pong));
    auto event = pong.get();
    CHECK(event.kind == WebSocketEvent::Kind::pong);
    CHECK(event.payload == Bytes{1, 2, 3});
    raw_server.join();
    threads.stop();
}

TEST_CASE("IPv6 loopback works too (skipped when ::1 is unavailable)") {
    {
        // Probe first so that a host without IPv6 skips instead of failing.
        asio::io_context probe_io;
        asio::ip::tcp::acceptor probe(probe_io);
        std::error_code ec;
        probe.open(asio::ip::tcp::v6(), ec);
        if (!ec) probe.bind({asio::ip::make_address("::1"), 0}, ec);
        if (ec) {
            WARN("::1 unavailable here: " << ec.message());
            return;
        }
    }
    Inbox inbox;
    IoThreads threads;
    ServerOptions server_options;
    server_options.bind_address = "::1";
    EchoServer echo(threads.io, server_options);
    ClientOptions options;
    options.url = "ws://[::1]:" + std::to_string(echo.server->port()) + "/ws/chat";
    auto connection = connect_and_wait(threads.io, options);
    REQUIRE(connection.ok());
    (*connection)->start(inbox.handlers());
    REQUIRE((*connection)->send(pattern(1000, 3)).ok());
    REQUIRE(inbox.wait_messages(2));
    CHECK(inbox.message(1) == pattern(1000, 3));
    (*connection)->close();
    REQUIRE(inbox.wait_closed());
    CHECK(inbox.closed_event().clean);
}
