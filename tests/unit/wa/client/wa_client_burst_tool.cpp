// Test driver: a linked WaClient (a `wagw client link` data folder) that sends --count texts to --to once it is
// first connected, one every --interval-ms (0: all at once), whatever the connection does meanwhile, and prints every client event plus one line per send outcome as JSON:
//   {"event":"sent","index":i,"id":ID} | {"event":"send_failed","index":i,"code":C,"message":M} | {"event":"all_sent"}
// It keeps running (receiving, reconnecting) until SIGTERM, so a test can watch what happens under faults.
//   wa_client_burst_tool --data DIR --server URL --trust-root FILE --tls-cert FILE --to PHONE --count N
//                        [--prefix P] [--interval-ms MS] [--subscribe PHONE]
// --subscribe asks for PHONE's presence after every login (presence and chat-state events are printed).
// --group JID --subject S / --description D changes that group's subject / description once connected
// ({"event":"group_changed"} or {"event":"group_change_failed",...}).
// --forget-sessions yes deletes every Signal session in the data folder first, --forget-sender-keys yes every
// group sender key (a device that lost them, for retry-receipt tests).
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "backend/store/secret_box.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace {

using namespace wagw;
using namespace wagw::wa;

std::string read_text(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

void print_line(const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> args{{"--prefix", "burst"}, {"--count", "0"}, {"--interval-ms", "0"}};
    for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    for (const char* required : {"--data", "--server", "--trust-root", "--tls-cert"}) {
        if (!args.count(required)) {
            std::fprintf(stderr, "wa_client_burst_tool: %s is required\n", required);
            return 2;
        }
    }
    const std::filesystem::path data = args["--data"];
    auto box = store::SecretBox::from_key_file(data / "master.key");
    if (!box) {
        std::fprintf(stderr, "wa_client_burst_tool: %s\n", box.error().message.c_str());
        return 2;
    }
    for (const auto& [flag, table] : {std::pair{"--forget-sessions", "signal_sessions"},
                                      std::pair{"--forget-sender-keys", "signal_sender_keys"}}) {
        if (!args.count(flag)) continue;
        auto db = store::Database::open(data / "client.db");
        if (!db || !db->execute(std::string("DELETE FROM ") + table)) {
            std::fprintf(stderr, "wa_client_burst_tool: cannot empty %s\n", table);
            return 2;
        }
    }
    client::WaClientOptions options;
    options.database_file = data / "client.db";
    options.secret_box = std::make_shared<store::SecretBox>(std::move(*box));
    options.server_url = args["--server"];
    std::string hex;
    for (char c : read_text(args["--trust-root"]))
        if (!std::isspace(static_cast<unsigned char>(c))) hex += c;
    if (hex.size() != 64) {
        std::fprintf(stderr, "wa_client_burst_tool: the trust root must be 64 hex digits\n");
        return 2;
    }
    for (std::size_t i = 0; i < 32; ++i)
        options.trust_root.public_key[i] = static_cast<std::uint8_t>(std::stoi(hex.substr(i * 2, 2), nullptr, 16));
    options.tls.trusted_certificate_pem = read_text(args["--tls-cert"]);
    // Reconnect quickly: the faults under test drop connections every few seconds.
    options.backoff.base = std::chrono::milliseconds(200);
    options.backoff.max = std::chrono::milliseconds(2000);

    const int count = std::stoi(args["--count"]);
    const std::string to = args["--to"];
    const std::string prefix = args["--prefix"];
    asio::io_context io;
    std::shared_ptr<client::WaClient> wa;
    const std::chrono::milliseconds interval(std::stoi(args["--interval-ms"]));
    asio::steady_timer pacer(io);
    bool sending = false;
    int outcomes = 0;
    std::function<void(int)> send_from = [&](int first) {
        for (int i = first; i < count; ++i) {
            if (i > first && interval.count() > 0) {
                pacer.expires_after(interval);
                pacer.async_wait([&, i](const std::error_code& ec) {
                    if (!ec) send_from(i);
                });
                return;
            }
            wa->send_text(to, prefix + " " + std::to_string(i), [&, i](Result<client::WaClient::SentMessage> sent) {
                if (sent) {
                    print_line("{\"event\":\"sent\",\"index\":" + std::to_string(i) + ",\"id\":" +
                               json_string(sent->id) + "}");
                } else {
                    print_line("{\"event\":\"send_failed\",\"index\":" + std::to_string(i) + ",\"code\":" +
                               json_string(sent.error().code) + ",\"message\":" + json_string(sent.error().message) +
                               "}");
                }
                if (++outcomes == count) print_line("{\"event\":\"all_sent\"}");
            });
        }
    };
    const std::string subscribe = args.count("--subscribe") ? args["--subscribe"] : std::string();
    auto on_event = [&](const client::ClientEvent& event) {
        print_line(client::to_json(event));
        if (!std::holds_alternative<client::Connected>(event)) return;
        if (!subscribe.empty()) {
            wa->subscribe_presence(subscribe, [&](Status done) {
                print_line(done ? "{\"event\":\"subscribed\"}"
                                : "{\"event\":\"subscribe_failed\",\"message\":" + json_string(done.error().message) + "}");
            });
        }
        if (args.count("--group") && !sending) {
            auto report = [&](Status done) {
                print_line(done ? "{\"event\":\"group_changed\"}"
                                : "{\"event\":\"group_change_failed\",\"message\":" + json_string(done.error().message) + "}");
            };
            if (args.count("--subject")) wa->set_group_subject(args["--group"], args["--subject"], report);
            if (args.count("--description")) wa->set_group_description(args["--group"], args["--description"], report);
        }
        if (sending || count == 0) {
            sending = true;
            return;
        }
        sending = true;
        send_from(0);
    };
    auto made = client::WaClient::create(io, options, on_event);
    if (!made) {
        std::fprintf(stderr, "wa_client_burst_tool: %s\n", made.error().message.c_str());
        return 2;
    }
    wa = *made;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const std::error_code&, int) {
        pacer.cancel();
        wa->stop();
        io.stop();
    });
    wa->start();
    io.run();
    return 0;
}
