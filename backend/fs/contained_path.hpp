#pragma once
// The one place where input from outside (a URL path, a message id, a file name from a peer) becomes a path on
// disk. Everything that turns request or network input into a file path goes through here, so the rules live
// once: no absolute paths, no "..", no backslashes or NUL, and the final path, symlinks resolved, must lie inside
// the folder it was meant for.
#include <filesystem>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::fs {

// Decodes a URL path's percent escapes exactly once ("%2e" -> "."; "%252e" -> "%2e"). Refuses a malformed
// escape, an encoded or raw NUL, and bytes that are not valid UTF-8 (overlong forms of '.' and '/' included).
Result<std::string> decode_url_path(std::string_view path);

// Resolves `relative` ("a/b/c.txt", '/'-separated, already decoded) under `root`. Refuses empty components
// ("a//b", a leading or trailing '/'), ".", "..", backslashes, NUL and root names; then checks the canonical
// result (symlinks followed) against the canonical root, so a link that leads outside is refused as well. The
// file need not exist.
Result<std::filesystem::path> resolve_inside(const std::filesystem::path& root, std::string_view relative);

// Whether `name` can be used as one file name as it is: 1 to 128 characters of [A-Za-z0-9._-], not "." or
// "..". For names that come from the network (message ids) before they reach resolve_inside.
bool is_plain_file_name(std::string_view name);

}  // namespace wagw::fs
