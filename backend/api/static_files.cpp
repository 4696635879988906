#include "backend/api/static_files.hpp"

#include <array>
#include <utility>

#include "backend/fs/contained_path.hpp"

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

}  // namespace

std::optional<StaticFile> resolve_static_file(const std::filesystem::path& web_root, std::string_view url_path) {
    if (url_path.empty() || url_path.front() != '/') return std::nullopt;
    auto decoded = fs::decode_url_path(url_path.substr(1));
    if (!decoded) return std::nullopt;
    auto file = fs::resolve_inside(web_root, decoded->empty() ? std::string_view("index.html") : *decoded);
    if (!file) return std::nullopt;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*file, ec)) return std::nullopt;
    return StaticFile{*file, content_type_for(*file)};
}

}  // namespace wagw::api
