// The HTTP server in this process, against raw sockets: what an attacker can send, and whether the gateway keeps
// answering afterwards.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "backend/api/http_server.hpp"
#include "common/api/routes.hpp"
#include "common/api/scopes.hpp"
#include "test_dir.hpp"

using namespace wagw;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kKey = "test-key-0123456789abcdef";

// Keys of one scope each: "scoped-<scope name>" holds that scope and nothing else.
std::optional<api::Scope> scoped_key_scope(std::string_view key) {
    if (!key.starts_with("scoped-")) return std::nullopt;
    return api::parse_scope(key.substr(7));
}

// The server on its own io thread, stopped at the end of the test.
struct RunningServer {
    services::HealthReporter health;
    api::EventHub events;
    api::EventTickets tickets;
    asio::io_context io;
    std::unique_ptr<api::HttpServer> server;
    std::thread thread;

    explicit RunningServer(api::HttpServerConfig config = {}) {
        config.host = "127.0.0.1";
        config.port = 0;
        api::KeyCheck check = [](std::string_view key) -> std::optional<services::Principal> {
            if (key == kKey) return services::Principal::administrator();
            if (auto scope = scoped_key_scope(key))
                return services::Principal{std::string(key), false, {*scope}, {}};
            return std::nullopt;
        };
        api::HttpServerDeps deps{health, events, check, tickets};
        deps.log_requests = false;
        server = std::make_unique<api::HttpServer>(io, config, deps);
        REQUIRE(server->open());
        thread = std::thread([this] { io.run(); });
    }
    ~RunningServer() {
        asio::post(io, [this] { server->close(); });
        io.stop();
        thread.join();
    }
    std::uint16_t port() const { return server->port(); }
};

// A blocking client socket with a receive timeout; -1 when no descriptor or connection could be had.
int connect_to(std::uint16_t port, std::chrono::milliseconds timeout = 3000ms) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// Everything until the peer closes or the timeout passes.
std::string read_all(int fd) {
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

std::string request(std::uint16_t port, const std::string& text) {
    const int fd = connect_to(port);
    if (fd < 0) return {};
    send_all(fd, text);
    std::string reply = read_all(fd);
    ::close(fd);
    return reply;
}

std::string get_health(std::uint16_t port) {
    return request(port, "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
}

bool closed_by_peer(int fd) {
    char byte;
    return ::recv(fd, &byte, 1, 0) == 0;
}

}  // namespace

TEST_CASE("the listener accepts again after running out of file descriptors") {
    RunningServer running;
    REQUIRE(get_health(running.port()).starts_with("HTTP/1.1 200"));

    rlimit original{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &original) == 0);
    rlimit low = original;
    low.rlim_cur = 256;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);

    // Take every descriptor but one, then connect with that one: the kernel completes the connection, and the
    // server's accept() fails with EMFILE.
    std::vector<int> hogs;
    for (int fd; (fd = ::open("/dev/null", O_RDONLY)) >= 0;) hogs.push_back(fd);
    ::close(hogs.back());
    hogs.pop_back();
    const int starved = connect_to(running.port(), 500ms);
    REQUIRE(starved >= 0);
    std::this_thread::sleep_for(500ms);  // the server tries, and fails, to accept it
    ::close(starved);

    for (int fd : hogs) ::close(fd);
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &original) == 0);

    // With descriptors back, the gateway answers again by itself.
    // (While the listener is replaced, the port refuses connections for a moment: try again a little later.)
    std::string reply;
    for (int attempt = 0; attempt < 20 && !reply.starts_with("HTTP/1.1 200"); ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(100ms);
        reply = get_health(running.port());
    }
    CHECK(reply.starts_with("HTTP/1.1 200"));
    CHECK(running.server->listener_restarts() >= 1);
}

TEST_CASE("a slow sender is cut off, and the gateway keeps answering others") {
    api::HttpServerConfig config;
    config.request_read_timeout = 700ms;
    RunningServer running(config);
    const int slow = connect_to(running.port(), 5000ms);
    REQUIRE(slow >= 0);
    REQUIRE(send_all(slow, "GET /api/health HTTP/1.1\r\nHost: x\r\n"));  // and never the blank line
    const auto started = std::chrono::steady_clock::now();
    CHECK(closed_by_peer(slow));
    CHECK(std::chrono::steady_clock::now() - started < 4s);
    ::close(slow);
    CHECK(get_health(running.port()).starts_with("HTTP/1.1 200"));
}

TEST_CASE("oversized requests are refused before they are read") {
    RunningServer running;
    const std::uint16_t port = running.port();
    const std::string key_header = "X-Api-Key: " + std::string(kKey) + "\r\n";

    SECTION("a body over the route's limit") {
        // 1 GiB announced: refused on the headers alone, nothing allocated for it.
        const int fd = connect_to(port);
        REQUIRE(send_all(fd, "POST /api/events/tickets HTTP/1.1\r\nHost: x\r\n" + key_header +
                                 "Content-Length: 1073741824\r\n\r\n"));
        const std::string reply = read_all(fd);
        CHECK_FALSE(reply.starts_with("HTTP/1.1 201"));
        ::close(fd);
    }
    SECTION("a URL over 8 KiB") {
        const std::string reply =
            request(port, "GET /api/health?" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
        CHECK_FALSE(reply.starts_with("HTTP/1.1 200"));
    }
    SECTION("a header over 8 KiB") {
        const std::string reply =
            request(port, "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n");
        CHECK_FALSE(reply.starts_with("HTTP/1.1 200"));
    }
    SECTION("too many headers") {
        std::string many;
        for (int i = 0; i < 500; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
        const std::string reply = request(port, "GET /api/health HTTP/1.1\r\nHost: x\r\n" + many + "\r\n");
        CHECK_FALSE(reply.starts_with("HTTP/1.1 200"));
    }
    CHECK(get_health(port).starts_with("HTTP/1.1 200"));
}

TEST_CASE("routes that need a key refuse requests without a valid one") {
    RunningServer running;
    const std::uint16_t port = running.port();
    const std::string post = "POST /api/events/tickets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                             "Content-Length: 0\r\n";
    CHECK(request(port, post + "\r\n").starts_with("HTTP/1.1 401"));
    CHECK(request(port, post + "X-Api-Key: wrong\r\n\r\n").starts_with("HTTP/1.1 401"));
    const std::string ok = request(port, post + "Authorization: Bearer " + std::string(kKey) + "\r\n\r\n");
    CHECK(ok.starts_with("HTTP/1.1 201"));
    CHECK(ok.find("\"ticket\":\"evt_") != std::string::npos);
}

TEST_CASE("an events consumer that stops reading is disconnected, not buffered without end") {
    api::HttpServerConfig config;
    RunningServer running(config);
    const int fd = connect_to(running.port(), 5000ms);
    REQUIRE(fd >= 0);
    REQUIRE(send_all(fd, std::string("GET /api/events HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                     "Sec-WebSocket-Version: 13\r\n") +
                             "X-Api-Key: " + std::string(kKey) + "\r\n\r\n"));
    std::this_thread::sleep_for(300ms);
    REQUIRE(running.events.subscriber_count() == 1);
    model::EventEnvelope big{"test.big", 0, {{"filler", std::string(64 * 1024, 'x')}}};
    for (int i = 0; i < 1000 && running.events.subscriber_count() > 0; ++i) running.events.publish(big);
    // Dropped: unsubscribed at once, and (reading now) the stream ends with a 1008 close frame, sent ahead of
    // the backlog it was not reading.
    for (int i = 0; i < 50 && running.events.subscriber_count() > 0; ++i) std::this_thread::sleep_for(100ms);
    CHECK(running.events.subscriber_count() == 0);
    const std::string stream = read_all(fd);
    CHECK(stream.starts_with("HTTP/1.1 101"));
    CHECK(stream.size() < 32u << 20);  // far less than the 64 MB published
    const std::string close_frame = std::string("\x88", 1);
    const auto at = stream.rfind(close_frame);
    INFO("read " << stream.size() << " bytes");
    REQUIRE(at != std::string::npos);
    REQUIRE(stream.size() >= at + 4);
    CHECK(static_cast<unsigned char>(stream[at + 2]) * 256 + static_cast<unsigned char>(stream[at + 3]) == 1008);
    ::close(fd);
}

TEST_CASE("every route the table marks as protected refuses a request without a valid key") {
    RunningServer running;
    const std::uint16_t port = running.port();
    int checked = 0;
    for (const api::Route& route : api::all_routes()) {
        if (!route.needs_api_key) continue;
        std::string path(route.path);
        for (std::size_t colon; (colon = path.find(':')) != std::string::npos;) {
            const std::size_t end = path.find('/', colon);
            path.replace(colon, end == std::string::npos ? std::string::npos : end - colon, "ses_0000000000000000");
        }
        std::string head = std::string(api::method_name(route.method)) + " " + path +
                           " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n";
        if (route.websocket) {
            head += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    "Sec-WebSocket-Version: 13\r\n";
        }
        for (const std::string& key_header : {std::string(), std::string("X-Api-Key: wagw_not_a_key\r\n"),
                                              std::string("Authorization: Bearer wagw_not_a_key\r\n")}) {
            INFO(head << key_header);
            const std::string reply = request(port, head + key_header + "\r\n{}");
            CHECK(reply.starts_with("HTTP/1.1 401"));
            CHECK(reply.find("\"code\":\"unauthorized\"") != std::string::npos);
        }
        // A valid key of any other scope: 403, naming the scope the route needs.
        const api::Scope needed = api::required_scope(route);
        const std::string needed_name(api::scope_name(needed));
        for (api::Scope other : api::all_scopes()) {
            if (other == needed) continue;
            const std::string key_header =
                "X-Api-Key: scoped-" + std::string(api::scope_name(other)) + "\r\n";
            INFO(head << key_header);
            const std::string reply = request(port, head + key_header + "\r\n{}");
            CHECK(reply.starts_with("HTTP/1.1 403"));
            CHECK(reply.find("\"code\":\"forbidden\"") != std::string::npos);
            CHECK(reply.find(needed_name) != std::string::npos);
        }
        // The route's own scope passes the check (the test server has no handlers behind it: 404).
        if (!route.websocket) {
            const std::string key_header = "X-Api-Key: scoped-" + needed_name + "\r\n";
            INFO(head << key_header);
            const std::string reply = request(port, head + key_header + "\r\n{}");
            CHECK_FALSE(reply.starts_with("HTTP/1.1 401"));
            CHECK_FALSE(reply.starts_with("HTTP/1.1 403"));
        }
        ++checked;
    }
    CHECK(checked >= 3);
}

TEST_CASE("the OpenAPI document and the docs page are open; /metrics is not") {
    RunningServer running;
    const std::uint16_t port = running.port();
    auto get = [&](const std::string& path, const std::string& extra = {}) {
        return request(port,
                       "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra + "\r\n");
    };
    const std::string openapi = get("/api/openapi.json");
    CHECK(openapi.starts_with("HTTP/1.1 200"));
    CHECK(openapi.find("\"openapi\":\"3.1.0\"") != std::string::npos);
    const std::string docs = get("/docs");
    CHECK(docs.starts_with("HTTP/1.1 200"));
    CHECK(docs.find("text/html") != std::string::npos);
    CHECK(get("/metrics").starts_with("HTTP/1.1 401"));
    CHECK(get("/metrics", "X-Api-Key: scoped-sessions:read\r\n").starts_with("HTTP/1.1 403"));
}
