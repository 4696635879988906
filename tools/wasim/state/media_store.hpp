#pragma once
// Encrypted media blobs uploaded by clients (protocol.md §9.4), addressed by a direct path: in memory, or with
// --data as one file per blob under DATA/media/, so the messages that point at them (which a restart keeps in
// clients and offline queues) can still be downloaded after a restart. The simulator never sees plaintext: blobs
// are ciphertext || mac exactly as uploaded. Bounded in total size, oldest evicted first (see put). Simulator
// strand only.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::wasim {

class MediaStore {
public:
    static constexpr std::size_t kMaxTotalBytes = std::size_t{512} << 20;

    // In memory only.
    explicit MediaStore(std::size_t max_total_bytes = kMaxTotalBytes) : max_total_(max_total_bytes) {}
    // Blobs kept as files in `directory` (created when missing); the blobs an earlier run stored there are served
    // again, and temp files a write cut short left behind are removed. Error "io_error".
    static Result<MediaStore> open_directory(const std::filesystem::path& directory,
                                             std::size_t max_total_bytes = kMaxTotalBytes);

    // Stores `blob` and returns its direct path ("/v/t62.7118-24/<n>-<type>-<id>.enc?ccb=9-4&oh=wasim": real ones
    // carry a query, and whatsmeow appends "&hash=..." to it). Makes room by evicting the oldest blobs. Errors
    // "media_store_full" (the blob alone is larger than the bound), "io_error".
    Result<std::string> put(std::string_view media_type, std::string blob);
    // The blob for a direct path (query ignored). Errors "not_found", "io_error".
    Result<std::string> get(std::string_view path) const;
    std::size_t total_bytes() const { return total_; }
    std::size_t count() const { return blobs_.size(); }

private:
    struct Blob {
        std::uint64_t sequence = 0;  // upload order, across restarts too: the eviction order
        std::size_t size = 0;
        std::string bytes;  // in memory only; on disk the file holds them
    };
    void add(std::string path, Blob blob);
    void evict_oldest();

    std::size_t max_total_;
    std::optional<std::filesystem::path> directory_;
    std::map<std::string, Blob, std::less<>> blobs_;  // by path without query
    std::map<std::uint64_t, std::string> by_age_;      // sequence -> path, oldest first
    std::size_t total_ = 0;
    std::uint64_t next_sequence_ = 1;
};

}  // namespace wagw::wasim
