#include "tools/bench/admin_http.hpp"

#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include <memory>

namespace wagw::bench {
namespace {

// One request's socket and buffers, kept alive by the handlers that chain connect -> write -> read to EOF.
struct AdminExchange : std::enable_shared_from_this<AdminExchange> {
    AdminExchange(asio::io_context& io, std::function<void(Result<AdminReply>)> done)
        : socket(io), done(std::move(done)) {}

    void fail(const std::string& step, const std::error_code& ec) {
        done(Error{"admin_" + step, "wasim control API: " + step + ": " + ec.message()});
    }

    void finish() {
        const auto space = reply.find(' ');
        const auto body = reply.find("\r\n\r\n");
        if (space == std::string::npos || body == std::string::npos)
            return done(Error{"admin_bad_reply", "wasim control API: no HTTP reply"});
        done(AdminReply{std::atoi(reply.c_str() + space + 1), reply.substr(body + 4)});
    }

    asio::ip::tcp::socket socket;
    std::function<void(Result<AdminReply>)> done;
    std::string request, reply;
};

}  // namespace

Result<AdminEndpoint> AdminEndpoint::from_websocket_url(const std::string& url) {
    const std::string scheme = "ws://";
    if (url.rfind(scheme, 0) != 0)
        return Error{"usage", "the bench talks to a --plain wasim (ws://), not " + url};
    const auto slash = url.find('/', scheme.size());
    const std::string authority = url.substr(scheme.size(), slash - scheme.size());
    const auto colon = authority.rfind(':');
    if (colon == std::string::npos) return Error{"usage", "no port in " + url};
    AdminEndpoint endpoint;
    endpoint.host = authority.substr(0, colon);
    endpoint.port = static_cast<std::uint16_t>(std::atoi(authority.c_str() + colon + 1));
    if (endpoint.port == 0) return Error{"usage", "bad port in " + url};
    return endpoint;
}

void admin_request(asio::io_context& io, const AdminEndpoint& endpoint, std::string method, std::string path,
                   std::string json_body, std::function<void(Result<AdminReply>)> done) {
    auto exchange = std::make_shared<AdminExchange>(io, std::move(done));
    exchange->request = method + " " + path + " HTTP/1.1\r\nHost: " + endpoint.host +
                        "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(json_body.size()) + "\r\n\r\n" + json_body;
    std::error_code ec;
    const auto address = asio::ip::make_address(endpoint.host, ec);
    if (ec) return exchange->fail("address", ec);
    exchange->socket.async_connect({address, endpoint.port}, [exchange](const std::error_code& connected) {
        if (connected) return exchange->fail("connect", connected);
        asio::async_write(exchange->socket, asio::buffer(exchange->request),
                          [exchange](const std::error_code& written, std::size_t) {
                              if (written) return exchange->fail("write", written);
                              asio::async_read(exchange->socket, asio::dynamic_buffer(exchange->reply),
                                               [exchange](const std::error_code& read, std::size_t) {
                                                   if (read && read != asio::error::eof)
                                                       return exchange->fail("read", read);
                                                   exchange->finish();
                                               });
                          });
    });
}

}  // namespace wagw::bench
