#include "backend/fs/contained_path.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace wagw::fs {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code = 0;
        std::uint32_t minimum = 0;
        if ((byte & 0xE0) == 0xC0) {
            length = 2, code = byte & 0x1F, minimum = 0x80;
        } else if ((byte & 0xF0) == 0xE0) {
            length = 3, code = byte & 0x0F, minimum = 0x800;
        } else if ((byte & 0xF8) == 0xF0) {
            length = 4, code = byte & 0x07, minimum = 0x10000;
        } else {
            return false;
        }
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code = (code << 6) | (next & 0x3F);
        }
        if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        i += length;
    }
    return true;
}

Error refused(std::string why) { return Error{"path_refused", std::move(why)}; }

bool is_inside(const std::filesystem::path& root, const std::filesystem::path& candidate) {
    auto [root_end, candidate_end] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
    // A root ending in a separator leaves one empty element behind; it matches anything.
    return root_end == root.end() || (std::next(root_end) == root.end() && root_end->empty());
}

}  // namespace

Result<std::string> decode_url_path(std::string_view path) {
    std::string decoded;
    decoded.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] != '%') {
            decoded += path[i];
            continue;
        }
        if (i + 2 >= path.size()) return refused("incomplete percent escape");
        const int high = hex_value(path[i + 1]);
        const int low = hex_value(path[i + 2]);
        if (high < 0 || low < 0) return refused("malformed percent escape");
        decoded += static_cast<char>(high * 16 + low);
        i += 2;
    }
    if (decoded.find('\0') != std::string::npos) return refused("NUL in path");
    if (!is_valid_utf8(decoded)) return refused("path is not valid UTF-8");
    return decoded;
}

Result<std::filesystem::path> resolve_inside(const std::filesystem::path& root, std::string_view relative) {
    if (relative.empty()) return refused("empty path");
    std::filesystem::path joined = root;
    std::size_t start = 0;
    for (;;) {
        const std::size_t slash = relative.find('/', start);
        const std::string_view part =
            relative.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (part.empty()) return refused("empty path component");
        if (part == "." || part == "..") return refused("relative path component");
        if (part.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
            return refused("backslash or NUL in path");
        }
        const std::filesystem::path piece(part);
        if (piece.has_root_name() || piece.has_root_directory()) return refused("absolute path component");
        joined /= piece;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    std::error_code ec;
    const auto canonical_root = std::filesystem::weakly_canonical(root, ec);
    if (ec) return refused("cannot resolve the folder: " + ec.message());
    const auto canonical = std::filesystem::weakly_canonical(joined, ec);
    if (ec) return refused("cannot resolve the path: " + ec.message());
    if (!is_inside(canonical_root, canonical) || canonical == canonical_root) {
        return refused("path leads outside its folder");
    }
    return canonical;
}

bool is_plain_file_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || name == "." || name == "..") return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '-';
    });
}

}  // namespace wagw::fs
