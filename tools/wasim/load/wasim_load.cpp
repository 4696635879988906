// wasim_load: a load generator that holds many logged-in companion devices on a wasim started with --plain, to
// measure how many connected devices it carries and at what memory cost.
//
//   wasim_load --url ws://127.0.0.1:PORT/ws/chat --root-pub DIR/root.pub --devices N [--accounts A]
//              [--parallel P] [--hold SECONDS]
//
// Devices are linked through POST /admin/accounts/{phone}/devices (no pairing dance), then each one connects,
// runs the Noise handshake (checking wasim's certificate chain against root.pub), logs in, and answers nothing
// but keeps pinging every 25 s. Prints one JSON line with the result and wasim's /admin/stats.
#include <atomic>
#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <wa/proto/client_payload.pb.h>

#include "backend/wa/binary/frame_payload.hpp"
#include "backend/wa/noise/initiator.hpp"
#include "backend/wa/transport/frame_codec.hpp"
#include "backend/wa/transport/websocket_client.hpp"
#include "tools/wasim/state/root_key_file.hpp"

using namespace wagw;
using namespace wagw::wa;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;

namespace {

struct Options {
    std::string url, host = "127.0.0.1", root_pub;
    std::uint16_t port = 0;
    int devices = 100, accounts = 10, parallel = 100, hold_seconds = 10;
};

// One blocking plain-HTTP request (the control API of a --plain wasim).
Result<std::pair<int, std::string>> http(const Options& options, const std::string& method, const std::string& path,
                                         const std::string& body) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    std::error_code ec;
    socket.connect({asio::ip::make_address(options.host, ec), options.port}, ec);
    if (ec) return Error{"connect", ec.message()};
    std::ostringstream request;
    request << method << " " << path << " HTTP/1.1\r\nHost: " << options.host << "\r\nConnection: close\r\n"
            << "Content-Type: application/json\r\nContent-Length: " << body.size() << "\r\n\r\n" << body;
    asio::write(socket, asio::buffer(request.str()), ec);
    if (ec) return Error{"write", ec.message()};
    std::string reply;
    std::array<char, 4096> buffer{};
    while (true) {
        const std::size_t n = socket.read_some(asio::buffer(buffer), ec);
        reply.append(buffer.data(), n);
        if (ec) break;
    }
    const auto space = reply.find(' ');
    const auto body_start = reply.find("\r\n\r\n");
    if (space == std::string::npos || body_start == std::string::npos) return Error{"bad_reply", reply.substr(0, 80)};
    return std::pair{std::atoi(reply.c_str() + space + 1), reply.substr(body_start + 4)};
}

struct Device {
    std::string phone;
    std::uint16_t id = 0;
    signal::KeyPair noise = signal::KeyPair::generate();
};

struct Counters {
    std::atomic<int> connected{0}, logged_in{0}, failed{0}, closed{0}, in_flight{0};
};

// One device's connection; all members touched only on its connection's strand.
class LoadConnection : public std::enable_shared_from_this<LoadConnection> {
public:
    LoadConnection(asio::io_context& io, const Device& device, noise::TrustRoot trust, Counters& counters)
        : io_(io), device_(device), initiator_(device.noise, trust), counters_(counters), ping_(io) {}

    void start(const std::string& url) {
        transport::ClientOptions options;
        options.url = url;
        transport::connect_websocket(io_, options, [self = shared_from_this()](auto result) {
            if (!result) return self->fail();
            self->socket_ = *result;
            self->counters_.connected++;
            std::weak_ptr<LoadConnection> weak = self;
            self->socket_->start({[weak](Bytes message) {
                                      if (auto s = weak.lock()) s->on_message(message);
                                  },
                                  [self](const transport::CloseEvent&) {
                                      self->counters_.closed++;
                                      self->ping_.cancel();
                                      if (!self->done_) self->finish_attempt(false);
                                  }});
            auto hello = self->initiator_.client_hello();
            if (!hello) return self->fail();
            self->send_frame(*hello);
        });
    }

private:
    void send_frame(const Bytes& payload) {
        auto framed = encoder_.encode(payload);
        if (!framed || !socket_->send(std::move(*framed))) fail();
    }

    void send_node(const binary::Node& node) {
        auto payload = binary::encode_frame_payload(node);
        if (!payload) return fail();
        auto sealed = cipher_->encrypt(*payload);
        if (!sealed) return fail();
        send_frame(*sealed);
    }

    void on_message(const Bytes& message) {
        std::vector<Bytes> frames;
        if (!decoder_.feed(message, frames)) return fail();
        for (const auto& frame : frames) {
            if (!cipher_) {
                proto::ClientPayload payload;
                payload.set_username(std::stoull(device_.phone));
                payload.set_device(device_.id);
                payload.set_passive(true);
                payload.set_pull(true);
                payload.mutable_useragent()->set_platform(proto::ClientPayload::UserAgent::WEB);
                const std::string bytes = payload.SerializeAsString();
                auto done = initiator_.on_server_hello(frame, Bytes(bytes.begin(), bytes.end()));
                if (!done) return fail();
                cipher_.emplace(std::move(done->cipher));
                send_frame(done->client_finish);
                continue;
            }
            auto plain = cipher_->decrypt(frame);
            if (!plain) return fail();
            auto node = binary::decode_frame_payload(*plain);
            if (!node) return fail();
            if (node->tag == "success" && !done_) {
                finish_attempt(true);
                schedule_ping();
            } else if (node->tag == "failure" || node->tag == "stream:error") {
                return fail();
            }
        }
    }

    void schedule_ping() {
        ping_.expires_after(std::chrono::seconds(25));
        ping_.async_wait(asio::bind_executor(socket_->strand(), [self = shared_from_this()](const std::error_code& ec) {
            if (ec || !self->socket_->is_open()) return;
            binary::Jid server{"", std::string(binary::servers::kUser)};
            self->send_node({"iq",
                             {{"id", "ping-" + std::to_string(++self->pings_)},
                              {"to", server},
                              {"type", std::string("get")},
                              {"xmlns", std::string("w:p")}},
                             binary::Children{{"ping", {}, {}}}});
            self->schedule_ping();
        }));
    }

    void finish_attempt(bool ok) {
        done_ = true;
        counters_.in_flight--;
        (ok ? counters_.logged_in : counters_.failed)++;
    }

    void fail() {
        if (!done_) finish_attempt(false);
        if (socket_) socket_->close();
    }

    asio::io_context& io_;
    Device device_;
    noise::NoiseInitiator initiator_;
    Counters& counters_;
    asio::steady_timer ping_;
    std::shared_ptr<transport::WebSocketConnection> socket_;
    transport::ClientFrameEncoder encoder_;
    transport::FrameDecoder decoder_{transport::FrameDecoder::Role::client};
    std::optional<noise::TransportCipher> cipher_;
    bool done_ = false;
    int pings_ = 0;
};

Result<Options> parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i], value = argv[i + 1];
        if (arg == "--url") options.url = value;
        else if (arg == "--root-pub") options.root_pub = value;
        else if (arg == "--devices") options.devices = std::atoi(value.c_str());
        else if (arg == "--accounts") options.accounts = std::atoi(value.c_str());
        else if (arg == "--parallel") options.parallel = std::atoi(value.c_str());
        else if (arg == "--hold") options.hold_seconds = std::atoi(value.c_str());
        else return Error{"usage", "unknown option " + arg};
    }
    const std::string prefix = "ws://";
    if (!options.url.starts_with(prefix)) return Error{"usage", "--url ws://HOST:PORT/ws/chat (wasim --plain)"};
    const std::string authority = options.url.substr(prefix.size(), options.url.find('/', prefix.size()) - prefix.size());
    options.host = authority.substr(0, authority.rfind(':'));
    options.port = static_cast<std::uint16_t>(std::atoi(authority.c_str() + authority.rfind(':') + 1));
    if (options.root_pub.empty() || options.devices <= 0 || options.accounts <= 0 || options.parallel <= 0)
        return Error{"usage", "--root-pub is required; counts must be positive"};
    return options;
}

Result<noise::TrustRoot> read_root(const std::string& file) {
    std::ifstream in(file);
    std::string hex;
    in >> hex;
    if (hex.size() != 64) return Error{"bad_root", "root.pub must hold 64 hex digits"};
    noise::TrustRoot root;
    root.serial = 0;
    for (std::size_t i = 0; i < 32; ++i) {
        unsigned value = 0;
        const auto [end, error] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, value, 16);
        if (error != std::errc() || end != hex.data() + 2 * i + 2) return Error{"bad_root", "root.pub is not hex"};
        root.public_key[i] = static_cast<std::uint8_t>(value);
    }
    return root;
}

}  // namespace

int main(int argc, char** argv) {
    auto options = parse(argc, argv);
    if (!options) {
        std::cerr << "wasim_load: " << options.error().message << "\n";
        return 2;
    }
    auto root = read_root(options->root_pub);
    if (!root) {
        std::cerr << "wasim_load: " << root.error().message << "\n";
        return 2;
    }
    // Link the devices.
    std::vector<Device> devices(static_cast<std::size_t>(options->devices));
    const auto link_started = Clock::now();
    for (int a = 0; a < options->accounts; ++a) {
        const std::string phone = "1666" + std::to_string(1000000 + a);
        (void)http(*options, "POST", "/admin/accounts", nlohmann::json{{"phone", phone}, {"push_name", "load"}}.dump());
    }
    for (std::size_t i = 0; i < devices.size(); ++i) {
        Device& device = devices[i];
        device.phone = "1666" + std::to_string(1000000 + static_cast<int>(i) % options->accounts);
        const auto identity = signal::KeyPair::generate();
        auto reply = http(*options, "POST", "/admin/accounts/" + device.phone + "/devices",
                          nlohmann::json{{"noise_public", wasim::to_hex(device.noise.public_key)},
                                         {"identity_public", wasim::to_hex(identity.public_key)}}.dump());
        if (!reply || reply->first != 201) {
            std::cerr << "wasim_load: linking failed: " << (reply ? reply->second : reply.error().message) << "\n";
            return 1;
        }
        device.id = static_cast<std::uint16_t>(nlohmann::json::parse(reply->second, nullptr, false).value("device", 0));
    }
    const double link_seconds = std::chrono::duration<double>(Clock::now() - link_started).count();

    asio::io_context io;
    auto guard = asio::make_work_guard(io);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) threads.emplace_back([&] { io.run(); });
    Counters counters;
    std::vector<std::shared_ptr<LoadConnection>> connections;
    const auto connect_started = Clock::now();
    for (const Device& device : devices) {
        while (counters.in_flight.load() >= options->parallel) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        counters.in_flight++;
        connections.push_back(std::make_shared<LoadConnection>(io, device, *root, counters));
        connections.back()->start(options->url);
    }
    while (counters.in_flight.load() > 0 && Clock::now() - connect_started < std::chrono::minutes(5))
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const double connect_seconds = std::chrono::duration<double>(Clock::now() - connect_started).count();
    std::this_thread::sleep_for(std::chrono::seconds(options->hold_seconds));
    auto stats = http(*options, "GET", "/admin/stats", "");
    nlohmann::json result{{"devices", options->devices},
                          {"logged_in", counters.logged_in.load()},
                          {"failed", counters.failed.load()},
                          {"closed_during_hold", counters.closed.load()},
                          {"link_seconds", link_seconds},
                          {"connect_seconds", connect_seconds},
                          {"logins_per_second", counters.logged_in.load() / std::max(connect_seconds, 1e-3)},
                          {"wasim_stats", stats ? nlohmann::json::parse(stats->second, nullptr, false) : nlohmann::json()}};
    std::cout << result.dump() << std::endl;
    guard.reset();
    io.stop();
    for (auto& thread : threads) thread.join();
    return counters.logged_in.load() == options->devices ? 0 : 1;
}
