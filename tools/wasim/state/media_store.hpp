#pragma once
// Encrypted media blobs uploaded by clients (protocol.md §9.4), kept in memory, addressed by a direct path. The
// simulator never sees plaintext: blobs are ciphertext || mac exactly as uploaded. Bounded in total size.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::wasim {

class MediaStore {
public:
    static constexpr std::size_t kMaxTotalBytes = std::size_t{512} << 20;

    // Stores `blob` and returns its direct path ("/v/t62.7118-24/<id>.enc?ccb=9-4&oh=wasim": real ones carry a
    // query, and whatsmeow appends "&hash=..." to it). Error "media_store_full".
    Result<std::string> put(std::string_view media_type, std::string blob);
    // The blob for a direct path (query ignored).
    const std::string* get(std::string_view path) const;
    std::size_t total_bytes() const { return total_; }

private:
    std::map<std::string, std::string, std::less<>> blobs_;  // by path without query
    std::size_t total_ = 0;
    std::uint64_t next_id_ = 1;
};

}  // namespace wagw::wasim
