#pragma once
// The media cache: files under DATA/media/<sha256 hex> (the same bytes stored once, however often they are
// uploaded), and a media id per upload or fetch (med_<hex>, owned by one session) with its type and file
// name. The total size is capped: when a new file passes the cap, the least recently used files that no
// pending send holds are evicted, and their media ids stop resolving.
//
// Thread-safe; every call does blocking disk and SQLite work, so callers keep it off the I/O threads (the
// media routes and the fetcher run it on worker threads).
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>

#include "backend/store/database.hpp"
#include "backend/store/media_repository.hpp"
#include "common/util/result.hpp"

namespace wagw::services {

struct MediaInfo {
    std::string media_id;
    std::string sha256;  // hex
    std::int64_t size = 0;
    std::string mimetype;
    std::string file_name;
};

struct MediaBlob {
    MediaInfo info;
    std::string bytes;
};

class MediaStore {
public:
    // Uses its own database connection (`db`, already migrated) and DATA/media (`dir`, created when
    // missing); leftover temporary files of an interrupted write are removed.
    static Result<std::unique_ptr<MediaStore>> open(store::Database db, std::filesystem::path dir,
                                                    std::uint64_t cap_bytes, std::uint64_t max_file_bytes);

    // Stores `bytes` for `session_id`. Errors: "empty" (no bytes), "too_large" (over the per-file limit),
    // "storage" (disk or database).
    Result<MediaInfo> put(const std::string& session_id, std::string_view bytes, const std::string& mimetype,
                          const std::string& file_name);
    // "not_found" for an unknown id, another session's id, or an evicted file.
    Result<MediaBlob> open(const std::string& session_id, const std::string& media_id);
    // The same without reading the file: one database lookup.
    Result<MediaInfo> info(const std::string& session_id, const std::string& media_id);
    // A pending send holds the file so eviction leaves it alone; release it once sent (or failed).
    Status hold(const std::string& session_id, const std::string& media_id);
    Status release(const std::string& session_id, const std::string& media_id);

    std::uint64_t max_file_bytes() const { return max_file_bytes_; }
    const std::filesystem::path& dir() const { return dir_; }

private:
    MediaStore(store::Database db, std::filesystem::path dir, std::uint64_t cap_bytes,
               std::uint64_t max_file_bytes);
    Status write_file(const std::string& sha256, std::string_view bytes);
    Status evict_over_cap(const std::string& keep);
    Result<store::MediaRecord> record(const std::string& session_id, const std::string& media_id);

    std::mutex mutex_;
    store::Database db_;
    store::MediaRepository repo_;
    std::filesystem::path dir_;
    std::uint64_t cap_bytes_;
    std::uint64_t max_file_bytes_;
};

}  // namespace wagw::services
