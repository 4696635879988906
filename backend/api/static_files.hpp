#pragma once
// Maps request paths to files of the built browser app, refusing anything outside the web root.
#include <filesystem>
#include <optional>
#include <string_view>

namespace wagw::api {

struct StaticFile {
    std::filesystem::path path;
    std::string_view content_type;
};

// "/" is the app's index.html. `url_path` is the request's path as sent (percent escapes are decoded here, once).
// Returns nothing for paths that leave the root (by spelling or through a symlink) or name no regular file.
std::optional<StaticFile> resolve_static_file(const std::filesystem::path& web_root, std::string_view url_path);

}  // namespace wagw::api
