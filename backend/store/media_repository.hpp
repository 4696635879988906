#pragma once
// The media cache's tables: media_files (each distinct file once, by SHA-256, with its place in the eviction
// order and how many pending sends hold it) and media (one row per upload or fetch, pointing at a file).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backend/store/database.hpp"

namespace wagw::store {

struct MediaRecord {
    std::string id;  // med_<hex>
    std::string session_id;
    std::string sha256;  // hex; the file's name under DATA/media
    std::int64_t size = 0;
    std::string mimetype;
    std::string file_name;
    std::int64_t created_at = 0;  // unix ms
};

struct MediaFileRecord {
    std::string sha256;
    std::int64_t size = 0;
};

class MediaRepository {
public:
    explicit MediaRepository(Database& db) : db_(db) {}

    // Records the file (once) and marks it the most recently used.
    Status touch_file(const std::string& sha256, std::int64_t size);
    Status insert(const MediaRecord& media);
    Result<std::optional<MediaRecord>> find(const std::string& session_id, const std::string& id);
    Result<std::int64_t> total_file_bytes();
    // Files no pending send holds, least recently used first, never `keep`.
    Result<std::vector<MediaFileRecord>> eviction_candidates(const std::string& keep, std::size_t limit);
    // The file row and every media row pointing at it.
    Status remove_file(const std::string& sha256);
    // +1 / -1 on the file's hold count (never below zero).
    Status add_hold(const std::string& sha256, int delta);

private:
    Database& db_;
};

}  // namespace wagw::store
