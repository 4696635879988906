#include "backend/app/command_line.hpp"

#include <charconv>

namespace wagw::app {
namespace {

Error usage_error(std::string message) { return {"usage", std::move(message) + "\n\n" + usage_text()}; }

Result<unsigned> parse_unsigned(const std::string& text, unsigned max, const std::string& flag) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > max) {
        return usage_error(flag + " needs a number up to " + std::to_string(max) + ", got \"" + text + "\"");
    }
    return value;
}

Result<Command> parse_serve(const std::vector<std::string>& args) {
    ServeOptions options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag == "--help" || flag == "-h") return Command{ShowHelp{}};
        if (i + 1 >= args.size()) return usage_error("unknown flag or missing value: " + flag);
        const std::string& value = args[++i];
        if (flag == "--listen") {
            auto address = parse_listen_address(value);
            if (!address) return address.error();
            options.host = address->first;
            options.port = address->second;
        } else if (flag == "--data") {
            options.data_dir = value;
        } else if (flag == "--web-root") {
            options.web_root = value;
        } else if (flag == "--threads") {
            auto threads = parse_unsigned(value, 64, flag);
            if (!threads) return threads.error();
            if (*threads == 0) return usage_error("--threads needs at least 1");
            options.threads = *threads;
        } else {
            return usage_error("unknown flag: " + flag);
        }
    }
    return Command{options};
}

}  // namespace

Result<std::pair<std::string, std::uint16_t>> parse_listen_address(const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        return usage_error("--listen needs HOST:PORT, e.g. 127.0.0.1:8080, got \"" + text + "\"");
    }
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    auto port = parse_unsigned(text.substr(colon + 1), 65535, "--listen");
    if (!port) return port.error();
    if (*port == 0) return usage_error("--listen needs a port between 1 and 65535");
    return std::pair{host, static_cast<std::uint16_t>(*port)};
}

Result<Command> parse_command_line(const std::vector<std::string>& args) {
    if (args.empty()) return Command{ServeOptions{}};
    const std::string& command = args.front();
    if (command == "serve") return parse_serve(args);
    if (command == "version" || command == "--version") return Command{ShowVersion{}};
    if (command == "help" || command == "--help" || command == "-h") return Command{ShowHelp{}};
    return usage_error("unknown command: " + command);
}

std::string usage_text() {
    return "usage: wagw serve [--listen HOST:PORT] [--data DIR] [--web-root DIR] [--threads N]\n"
           "       wagw version\n"
           "\n"
           "  serve       run the gateway: REST API, live events and the dashboard\n"
           "  --listen    address to serve on (default 127.0.0.1:8080)\n"
           "  --data      folder for wagw.db and keys (default ./data)\n"
           "  --web-root  folder of the built dashboard (default: the one this build made)\n"
           "  --threads   network threads (default 2)\n";
}

}  // namespace wagw::app
