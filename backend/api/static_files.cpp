#include "backend/api/static_files.hpp"

#include <array>
#include <utility>

namespace wagw::api {
namespace {

std::string_view content_type_for(const std::filesystem::path& file) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".wasm", "application/wasm"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"},
    }};
    const std::string extension = file.extension().string();
    for (const auto& [ext, type] : kTypes) {
        if (ext == extension) return type;
    }
    return "application/octet-stream";
}

bool is_safe_relative(std::string_view url_path) {
    if (url_path.find('\0') != std::string_view::npos || url_path.find('\\') != std::string_view::npos) {
        return false;
    }
    for (const auto& part : std::filesystem::path(url_path)) {
        if (part == "..") return false;
    }
    return true;
}

}  // namespace

std::optional<StaticFile> resolve_static_file(const std::filesystem::path& web_root, std::string_view url_path) {
    if (url_path.empty() || url_path.front() != '/' || !is_safe_relative(url_path)) return std::nullopt;
    std::string_view relative = url_path.substr(1);
    std::filesystem::path file = relative.empty() ? web_root / "index.html" : web_root / relative;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
    return StaticFile{file, content_type_for(file)};
}

}  // namespace wagw::api
