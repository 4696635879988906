// wa_transport_tool: drives the transport from the command line, for the node interop tests and manual checks.
//
//   wa_transport_tool make-cert CERT.pem KEY.pem
//   wa_transport_tool echo-server [--tls CERT.pem KEY.pem] [--path /ws/chat] [--bind 127.0.0.1]
//       prints "LISTENING <port>", then "UPGRADE <target> origin=<origin>" per WebSocket; echoes every message;
//       GET /hello answers "hello"; exits when stdin closes.
//   wa_transport_tool echo-client --url URL [--ca CERT.pem] [--sizes 0,1,70000] [--header NAME:VALUE]
//       sends one message per size (deterministic bytes), expects each echoed back unchanged, closes cleanly;
//       prints "OK <size>" per message and "CLOSED clean=<0|1> code=<n>"; exit status 0 on success.
// Only sizes and outcomes are printed, never payload bytes.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "backend/wa/transport/websocket_client.hpp"
#include "backend/wa/transport/websocket_server.hpp"

using namespace wagw::wa::transport;

namespace {

std::mutex print_mutex;
void say(const std::string& line) {
    std::lock_guard lock(print_mutex);
    std::cout << line << std::endl;
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

bool write_file(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary);
    out << data;
    return static_cast<bool>(out);
}

Bytes pattern(std::size_t size) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>((i * 31 + size) & 0xFF);
    return out;
}

int make_cert(const std::vector<std::string>& args) {
    if (args.size() != 2) return 2;
    auto credentials = make_self_signed_certificate();
    if (!credentials) {
        say("ERROR " + credentials.error().code + " " + credentials.error().message);
        return 1;
    }
    if (!write_file(args[0], credentials->certificate_pem) || !write_file(args[1], credentials->private_key_pem)) {
        say("ERROR io cannot write the certificate files");
        return 1;
    }
    return 0;
}

int echo_server(const std::vector<std::string>& args) {
    ServerOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--tls" && i + 2 < args.size()) {
            TlsCredentials credentials;
            if (!read_file(args[i + 1], credentials.certificate_pem) ||
                !read_file(args[i + 2], credentials.private_key_pem)) {
                say("ERROR io cannot read the certificate files");
                return 1;
            }
            options.tls = credentials;
            i += 2;
        } else if (args[i] == "--path" && i + 1 < args.size()) {
            options.websocket_path = args[++i];
        } else if (args[i] == "--bind" && i + 1 < args.size()) {
            options.bind_address = args[++i];
        } else {
            say("ERROR usage unknown argument " + args[i]);
            return 2;
        }
    }
    asio::io_context io;
    auto on_websocket = [](std::shared_ptr<WebSocketConnection> connection) {
        auto origin = connection->handshake().header("Origin");
        say("UPGRADE " + connection->handshake().target + " origin=" + std::string(origin.value_or("")));
        std::weak_ptr<WebSocketConnection> weak = connection;
        connection->start({[weak](Bytes message) {
                               if (auto c = weak.lock()) {
                                   auto sent = c->send(std::move(message));
                                   if (!sent) say("ERROR " + sent.error().code + " " + sent.error().message);
                               }
                           },
                           [](const CloseEvent& event) {
                               say("CLOSED clean=" + std::to_string(event.clean) + " code=" + std::to_string(event.code) +
                                   (event.error ? " error=" + event.error->code : ""));
                           }});
    };
    auto on_http = [](HttpRequest request, HttpResponder respond) {
        if (request.method == "GET" && request.path() == "/hello") return respond({200, "text/plain", {}, "hello\n"});
        if (request.method == "POST" && request.path() == "/echo")
            return respond({200, "application/octet-stream", {}, request.body});
        respond({404, "text/plain", {}, "not found\n"});
    };
    auto server = WebSocketServer::start(io, options, on_websocket, on_http);
    if (!server) {
        say("ERROR " + server.error().code + " " + server.error().message);
        return 1;
    }
    say("LISTENING " + std::to_string((*server)->port()));
    auto guard = asio::make_work_guard(io);
    std::thread stdin_watcher([&] {
        std::string line;
        while (std::getline(std::cin, line)) {
        }
        (*server)->stop();
        guard.reset();
        io.stop();
    });
    std::thread second([&] { io.run(); });
    io.run();
    second.join();
    stdin_watcher.join();
    return 0;
}

int echo_client(const std::vector<std::string>& args) {
    ClientOptions options;
    std::vector<std::size_t> sizes{0, 1, 125, 126, 65535, 65536, 1 << 20};
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--url" && i + 1 < args.size()) {
            options.url = args[++i];
        } else if (args[i] == "--ca" && i + 1 < args.size()) {
            if (!read_file(args[++i], options.tls.trusted_certificate_pem)) {
                say("ERROR io cannot read " + args[i]);
                return 1;
            }
        } else if (args[i] == "--sizes" && i + 1 < args.size()) {
            sizes.clear();
            std::stringstream list(args[++i]);
            std::string item;
            while (std::getline(list, item, ',')) sizes.push_back(std::stoul(item));
        } else if (args[i] == "--header" && i + 1 < args.size()) {
            std::string header = args[++i];
            auto colon = header.find(':');
            options.extra_headers.emplace_back(header.substr(0, colon), header.substr(colon + 1));
        } else {
            say("ERROR usage unknown argument " + args[i]);
            return 2;
        }
    }
    options.connect_timeout = std::chrono::milliseconds(5000);
    options.handshake_timeout = std::chrono::milliseconds(5000);

    asio::io_context io;
    std::atomic<int> exit_code{1};
    std::shared_ptr<WebSocketConnection> connection;
    std::size_t next = 0;
    auto send_next = [&] {
        if (next == sizes.size()) {
            connection->close(close_code::normal, "done");
            return;
        }
        auto sent = connection->send(pattern(sizes[next]));
        if (!sent) say("ERROR " + sent.error().code + " " + sent.error().message);
    };
    connect_websocket(io, options, [&](wagw::Result<std::shared_ptr<WebSocketConnection>> result) {
        if (!result) {
            say("ERROR " + result.error().code + " " + result.error().message);
            return;
        }
        connection = *result;
        say("CONNECTED");
        connection->start({[&](Bytes message) {
                               if (next >= sizes.size() || message != pattern(sizes[next])) {
                                   say("ERROR mismatch echo of message " + std::to_string(next) + " has " +
                                       std::to_string(message.size()) + " bytes");
                                   connection->close(close_code::protocol_error, "mismatch");
                                   return;
                               }
                               say("OK " + std::to_string(sizes[next]));
                               ++next;
                               send_next();
                           },
                           [&](const CloseEvent& event) {
                               say("CLOSED clean=" + std::to_string(event.clean) + " code=" + std::to_string(event.code) +
                                   (event.error ? " error=" + event.error->code + " " + event.error->message : ""));
                               if (event.clean && next == sizes.size()) exit_code = 0;
                           }});
        send_next();
    });
    io.run();
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << "usage: wa_transport_tool make-cert|echo-server|echo-client ...\n";
        return 2;
    }
    std::string command = args.front();
    args.erase(args.begin());
    try {
        if (command == "make-cert") return make_cert(args);
        if (command == "echo-server") return echo_server(args);
        if (command == "echo-client") return echo_client(args);
    } catch (const std::exception& e) {  // e.g. std::stoul on a bad --sizes list
        std::cerr << "wa_transport_tool: " << e.what() << "\n";
        return 2;
    }
    std::cerr << "unknown command " << command << "\n";
    return 2;
}
