#include "backend/app/download_path.hpp"

#include <algorithm>
#include <cctype>

#include "backend/fs/contained_path.hpp"

namespace wagw::app {
namespace {

// The mimetype only picks from this table, so a hostile one cannot reach the name.
std::string_view extension_for(std::string_view mimetype) {
    mimetype = mimetype.substr(0, mimetype.find(';'));
    while (!mimetype.empty() && mimetype.back() == ' ') mimetype.remove_suffix(1);
    struct Known {
        std::string_view mimetype, extension;
    };
    static constexpr Known kKnown[] = {
        {"image/jpeg", ".jpg"},      {"image/png", ".png"},  {"image/webp", ".webp"}, {"video/mp4", ".mp4"},
        {"audio/ogg", ".ogg"},       {"audio/mpeg", ".mp3"}, {"audio/mp4", ".m4a"},   {"application/pdf", ".pdf"},
        {"text/plain", ".txt"},
    };
    for (const Known& known : kKnown) {
        if (known.mimetype.size() == mimetype.size() &&
            std::equal(mimetype.begin(), mimetype.end(), known.mimetype.begin(),
                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
            return known.extension;
    }
    return ".bin";
}

}  // namespace

Result<std::string> download_file_name(std::string_view sha256_hex, std::string_view mimetype) {
    if (sha256_hex.size() != 64 || sha256_hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
        return Error{"bad_digest", "a download is named by the 64 hex digits of its SHA-256"};
    }
    return std::string(sha256_hex) + std::string(extension_for(mimetype));
}

Result<std::filesystem::path> download_path(const std::filesystem::path& dir, std::string_view sha256_hex,
                                            std::string_view mimetype) {
    auto name = download_file_name(sha256_hex, mimetype);
    if (!name) return name.error();
    return fs::resolve_inside(dir, *name);
}

}  // namespace wagw::app
