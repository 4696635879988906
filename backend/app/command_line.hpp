#pragma once
// Parses `wagw <command> [flags]` into options; every mistake becomes a message naming the flag.
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::app {

struct ServeOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::filesystem::path data_dir = "data";
    std::filesystem::path web_root;  // empty: the build's default
    unsigned threads = 2;
};

struct ShowVersion {};
struct ShowHelp {};

using Command = std::variant<ServeOptions, ShowVersion, ShowHelp>;

Result<Command> parse_command_line(const std::vector<std::string>& args);
Result<std::pair<std::string, std::uint16_t>> parse_listen_address(const std::string& text);
std::string usage_text();

}  // namespace wagw::app
