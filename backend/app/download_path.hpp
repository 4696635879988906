#pragma once
// Where `wagw client listen --download DIR` puts a received file. The name is derived from the content, never
// taken from the network: the hex SHA-256 of the bytes plus an extension for the mimetype. Message ids and
// document names come from the sender, and a name a sender chooses is a path a sender chooses ("../../x", "/abs").
// The same file received twice lands on the same name, which is fine: its bytes are the same.
#include <filesystem>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::app {

// "<64 hex digits>.<ext>", the extension from a short list of mimetypes (parameters ignored), ".bin" otherwise.
// Refuses a digest that is not 64 lowercase hex digits (the caller's mistake, not the network's).
Result<std::string> download_file_name(std::string_view sha256_hex, std::string_view mimetype);

// That name inside `dir`, resolved through wagw::fs::resolve_inside: refused if it would lie outside `dir`
// (for example through a symlink planted in it).
Result<std::filesystem::path> download_path(const std::filesystem::path& dir, std::string_view sha256_hex,
                                            std::string_view mimetype);

}  // namespace wagw::app
