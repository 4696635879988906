#include "backend/services/media_type.hpp"

#include <algorithm>
#include <cctype>

namespace wagw::services {
namespace {

bool at(std::string_view bytes, std::size_t offset, std::string_view magic) {
    return bytes.size() >= offset + magic.size() && bytes.substr(offset, magic.size()) == magic;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

}  // namespace

std::string sniff_mimetype(std::string_view bytes) {
    using namespace std::string_view_literals;
    if (at(bytes, 0, "\xFF\xD8\xFF"sv)) return "image/jpeg";
    if (at(bytes, 0, "\x89PNG\r\n\x1A\n"sv)) return "image/png";
    if (at(bytes, 0, "RIFF") && at(bytes, 8, "WEBP")) return "image/webp";
    if (at(bytes, 0, "GIF87a") || at(bytes, 0, "GIF89a")) return "image/gif";
    if (at(bytes, 4, "ftyp")) return "video/mp4";  // ISO base media; WhatsApp sends all of these as mp4
    if (at(bytes, 0, "OggS")) return "audio/ogg";
    if (at(bytes, 0, "%PDF-")) return "application/pdf";
    return {};
}

std::string useful_mimetype(std::string_view declared) {
    std::string type(trimmed(declared.substr(0, declared.find(';'))));
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // A type is "major/minor" of token characters; anything else (or the generic ones) tells us nothing.
    const auto slash = type.find('/');
    const bool shaped =
        slash != std::string::npos && slash > 0 && slash + 1 < type.size() &&
        type.find('/', slash + 1) == std::string::npos &&
        std::all_of(type.begin(), type.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '/' || c == '.' || c == '+' || c == '-' || c == '_';
        });
    if (!shaped || type == "application/octet-stream" || type == "binary/octet-stream") return {};
    return type;
}

}  // namespace wagw::services

namespace wagw::services {

std::string choose_mimetype(std::string_view declared, std::string_view bytes) {
    if (auto useful = useful_mimetype(declared); !useful.empty()) return useful;
    if (auto sniffed = sniff_mimetype(bytes); !sniffed.empty()) return sniffed;
    return "application/octet-stream";
}

}  // namespace wagw::services
