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
    bool demo = false;               // also run the WhatsApp simulator in-process (data in DATA/demo-whatsapp)
    std::uint16_t demo_port = 0;     // its port; 0: any free one
};

// `wagw client link|listen|logout|send`: one WhatsApp client from the command line (backend/app/client_command).
struct ClientCommandOptions {
    enum class Action { link, listen, logout, send };
    Action action = Action::link;
    std::string server_url;                  // empty: the one saved by `link`, else WhatsApp's
    std::filesystem::path trust_root_file;   // the server's root public key (hex); empty: saved, else WhatsApp's
    std::filesystem::path data_dir = "data/client";
    std::filesystem::path tls_certificate_file;  // trust exactly this PEM instead of the system CAs
    bool tls_verify = true;
    std::string push_name;
    std::string to;    // send: a phone number or user JID
    std::string text;  // send
    bool mark_read = false;  // listen: send a read receipt for every message received
};

struct ShowVersion {};
struct ShowHelp {};

using Command = std::variant<ServeOptions, ClientCommandOptions, ShowVersion, ShowHelp>;

Result<Command> parse_command_line(const std::vector<std::string>& args);
Result<std::pair<std::string, std::uint16_t>> parse_listen_address(const std::string& text);
std::string usage_text();

}  // namespace wagw::app
