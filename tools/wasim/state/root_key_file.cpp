#include "tools/wasim/state/root_key_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace wagw::wasim {
namespace {

Result<std::array<std::uint8_t, 32>> from_hex32(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    if (text.size() != 64) return Error{"bad_root_key", "root.key must hold 64 hex digits"};
    std::array<std::uint8_t, 32> out{};
    for (std::size_t i = 0; i < 32; ++i) {
        auto nibble = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        const int high = nibble(text[2 * i]), low = nibble(text[2 * i + 1]);
        if (high < 0 || low < 0) return Error{"bad_root_key", "root.key must hold 64 hex digits"};
        out[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return out;
}

Status write_file(const std::filesystem::path& path, const std::string& content, bool secret) {
    std::ofstream out(path, std::ios::trunc);
    if (!out) return Error{"io_error", "cannot write " + path.string()};
    if (secret) ::chmod(path.c_str(), 0600);
    out << content << "\n";
    return out ? ok_status() : Status(Error{"io_error", "cannot write " + path.string()});
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (std::uint8_t b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

Result<wa::signal::KeyPair> load_or_create_root_key(const std::string& data_dir) {
    if (data_dir.empty()) return wa::signal::KeyPair::generate();
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return Error{"io_error", "cannot create " + data_dir + ": " + ec.message()};
    const std::filesystem::path key_path = std::filesystem::path(data_dir) / "root.key";
    wa::signal::KeyPair root;
    if (std::filesystem::exists(key_path)) {
        std::ifstream in(key_path);
        std::stringstream text;
        text << in.rdbuf();
        auto bytes = from_hex32(text.str());
        if (!bytes) return bytes.error();
        root = wa::signal::KeyPair::from_private(*bytes);
    } else {
        root = wa::signal::KeyPair::generate();
        if (auto s = write_file(key_path, to_hex(root.private_key.span()), true); !s) return s.error();
    }
    if (auto s = write_file(std::filesystem::path(data_dir) / "root.pub", to_hex(root.public_key), false); !s)
        return s.error();
    return root;
}

}  // namespace wagw::wasim
