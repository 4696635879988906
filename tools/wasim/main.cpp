// wasim: a local WhatsApp server simulator with virtual phones (see tools/wasim/README.md).
//   wasim --listen 127.0.0.1:PORT [--data DIR] [--tls-cert FILE --tls-key FILE] [--plain] [--starter-group
//   SUBJECT]
//         [--group-addressing lid|pn] [--admin-token TOKEN]
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "tools/wasim/server/simulator.hpp"
#include "tools/wasim/state/root_key_file.hpp"

using namespace wagw;

namespace {

const char* kUsage =
    "usage: wasim --listen HOST:PORT [--data DIR] [--tls-cert FILE --tls-key FILE] [--plain]\n"
    "             [--starter-group SUBJECT] [--group-addressing lid|pn] [--admin-token TOKEN]\n"
    "  --listen    address and port (0 = any free port)\n"
    "  --data      keep the root key, certificate and accounts here (default: memory only)\n"
    "  --tls-cert/--tls-key  PEM certificate and key (default: a fresh self-signed one)\n"
    "  --plain     ws:// and http:// instead of wss:// and https://\n"
    "  --starter-group  every account the mock-phone hook creates owns a group with this subject\n"
    "                   (Baileys' e2e suite looks for \"Baileys Group Test\")\n"
    "  --group-addressing  how new groups name members: lid (default, like WhatsApp's new groups) or pn\n"
    "                      (phone numbers, the only addressing Baileys 6 understands)\n"
    "  --admin-token  the control API (/admin/...) then wants \"Authorization: Bearer TOKEN\" (default: "
    "open)\n";

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) return Error{"io_error", "cannot read " + path};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<wasim::SimulatorOptions> parse_arguments(int argc, char** argv) {
    wasim::SimulatorOptions options;
    std::string cert_file, key_file;
    bool listen_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> Result<std::string> {
            if (i + 1 >= argc) return Error{"usage", arg + " needs a value"};
            return std::string(argv[++i]);
        };
        if (arg == "--plain") {
            options.plain = true;
            continue;
        }
        if (arg == "--help" || arg == "-h") return Error{"usage", ""};
        auto v = value();
        if (!v) return v.error();
        if (arg == "--listen") {
            const auto colon = v->rfind(':');
            if (colon == std::string::npos) return Error{"usage", "--listen wants HOST:PORT"};
            options.bind_address = v->substr(0, colon);
            const std::string port = v->substr(colon + 1);
            if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
                std::stoul(port) > 65535)
                return Error{"usage", "--listen: bad port"};
            options.port = static_cast<std::uint16_t>(std::stoul(port));
            listen_given = true;
        } else if (arg == "--data") {
            options.data_dir = *v;
        } else if (arg == "--starter-group") {
            options.starter_group_subject = *v;
        } else if (arg == "--group-addressing") {
            auto addressing = wasim::parse_group_addressing(*v);
            if (!addressing) return Error{"usage", "--group-addressing wants lid or pn"};
            options.group_addressing = *addressing;
        } else if (arg == "--admin-token") {
            if (v->empty()) return Error{"usage", "--admin-token wants a non-empty token"};
            options.admin_token = *v;
        } else if (arg == "--tls-cert") {
            cert_file = *v;
        } else if (arg == "--tls-key") {
            key_file = *v;
        } else {
            return Error{"usage", "unknown option " + arg};
        }
    }
    if (!listen_given) return Error{"usage", "--listen is required"};
    if (cert_file.empty() != key_file.empty()) return Error{"usage", "--tls-cert and --tls-key go together"};
    if (!cert_file.empty()) {
        auto cert = read_file(cert_file);
        if (!cert) return cert.error();
        auto key = read_file(key_file);
        if (!key) return key.error();
        options.tls = wa::transport::TlsCredentials{*cert, *key};
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    auto options = parse_arguments(argc, argv);
    if (!options) {
        if (!options.error().message.empty()) std::cerr << "wasim: " << options.error().message << "\n";
        std::cerr << kUsage;
        return 2;
    }
    asio::io_context io;
    auto simulator = wasim::Simulator::start(io, *options);
    if (!simulator) {
        std::cerr << "wasim: " << simulator.error().code << ": " << simulator.error().message << std::endl;
        return 1;
    }
    if (!options->data_dir.empty() && !(*simulator)->certificate_pem().empty())
        std::ofstream(options->data_dir + "/cert.pem") << (*simulator)->certificate_pem();
    std::cout << "wasim root public key " << wasim::to_hex((*simulator)->root_public_key()) << "\n"
              << "wasim listening on " << (*simulator)->websocket_url() << std::endl;

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const std::error_code&, int) {
        (*simulator)->stop();
        io.stop();
    });
    const unsigned threads = std::max(2u, std::min(4u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&] { io.run(); });
    io.run();
    for (auto& thread : pool) thread.join();
    return 0;
}
