#pragma once
// One HTTPS request on its own connection (HTTP/1.1, Connection: close): how the client uploads and downloads
// media. The same TLS settings as the chat WebSocket apply, so a client that trusts the simulator's certificate
// for the chat trusts it for media too. Replies with Content-Length, chunked coding or read-to-close bodies.
#include <asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <string>

#include "backend/wa/transport/http_upgrade.hpp"
#include "backend/wa/transport/tls_context.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::client {

struct HttpsRequest {
    std::string method = "GET";
    std::string url;  // https://host[:port]/path?query
    transport::HeaderList headers;
    std::string body;
    std::chrono::milliseconds timeout{60000};  // the whole exchange
    std::size_t max_reply = 128u * 1024 * 1024;
};

struct HttpsReply {
    int status = 0;
    std::string body;
};

// `done` runs exactly once, on an io_context thread (not the client's strand: post back before touching state).
void https_request(asio::io_context& io, const transport::TlsClientOptions& tls, HttpsRequest request,
                   std::function<void(Result<HttpsReply>)> done);

}  // namespace wagw::wa::client
