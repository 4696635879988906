#include "backend/services/media_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include "backend/services/random_text.hpp"

namespace wagw::services {
namespace {

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[2 * sizeof digest + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Error storage_error(const std::string& what) {
    return {"storage", what + ": " + std::strerror(errno)};
}

constexpr std::string_view kTempPrefix = "tmp-";

}  // namespace

MediaStore::MediaStore(store::Database db, std::filesystem::path dir, std::uint64_t cap_bytes,
                       std::uint64_t max_file_bytes)
    : db_(std::move(db)),
      repo_(db_),
      dir_(std::move(dir)),
      cap_bytes_(cap_bytes),
      max_file_bytes_(max_file_bytes) {}

Result<std::unique_ptr<MediaStore>> MediaStore::open(store::Database db, std::filesystem::path dir,
                                                     std::uint64_t cap_bytes, std::uint64_t max_file_bytes) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Error{"storage", "cannot create " + dir.string() + ": " + ec.message()};
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    // A write cut short by a crash leaves only a temporary file: nothing points at it.
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().filename().string().starts_with(kTempPrefix))
            std::filesystem::remove(entry.path(), ec);
    }
    if (sodium_init() < 0) return Error{"storage", "libsodium did not start"};
    return std::unique_ptr<MediaStore>(
        new MediaStore(std::move(db), std::move(dir), cap_bytes, std::min(max_file_bytes, cap_bytes)));
}

// Temp file, fsync, rename, fsync the folder: a crash leaves either no file or the whole file under its hash.
Status MediaStore::write_file(const std::string& sha256, std::string_view bytes) {
    const auto final_path = dir_ / sha256;
    std::error_code ec;
    if (std::filesystem::file_size(final_path, ec) == bytes.size() && !ec) return ok_status();
    const auto temp_path = dir_ / (std::string(kTempPrefix) + random_hex(8));
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return storage_error("cannot create " + temp_path.string());
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            auto error = storage_error("cannot write " + temp_path.string());
            ::close(fd);
            std::filesystem::remove(temp_path, ec);
            return error;
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        auto error = storage_error("cannot flush " + temp_path.string());
        ::close(fd);
        std::filesystem::remove(temp_path, ec);
        return error;
    }
    ::close(fd);
    if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
        auto error = storage_error("cannot rename into " + final_path.string());
        std::filesystem::remove(temp_path, ec);
        return error;
    }
    if (const int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    return ok_status();
}

Result<MediaInfo> MediaStore::put(const std::string& session_id, std::string_view bytes,
                                  const std::string& mimetype, const std::string& file_name) {
    if (bytes.empty()) return Error{"empty", "the file is empty"};
    if (bytes.size() > max_file_bytes_) {
        return Error{"too_large", "the file has " + std::to_string(bytes.size()) + " bytes; at most " +
                                      std::to_string(max_file_bytes_) + " are accepted"};
    }
    const std::string sha256 = sha256_hex(bytes);
    std::lock_guard lock(mutex_);
    if (auto written = write_file(sha256, bytes); !written) return written.error();
    store::MediaRecord record{"med_" + random_hex(12),
                              session_id,
                              sha256,
                              static_cast<std::int64_t>(bytes.size()),
                              mimetype,
                              file_name,
                              now_ms()};
    {
        auto tx = store::Transaction::begin(db_);
        if (!tx) return tx.error();
        if (auto s = repo_.touch_file(sha256, record.size); !s) return s.error();
        if (auto s = repo_.insert(record); !s) return s.error();
        if (auto s = tx->commit(); !s) return s.error();
    }
    if (auto evicted = evict_over_cap(sha256); !evicted) return evicted.error();
    return MediaInfo{record.id, sha256, record.size, mimetype, file_name};
}

// Rows go first, then the file: a crash in between leaves a file nothing points at, never a row without a
// file (put() writes such a file again when the same bytes come back).
Status MediaStore::evict_over_cap(const std::string& keep) {
    auto total = repo_.total_file_bytes();
    if (!total) return total.error();
    std::int64_t bytes = *total;
    while (static_cast<std::uint64_t>(bytes) > cap_bytes_) {
        auto candidates = repo_.eviction_candidates(keep, 16);
        if (!candidates) return candidates.error();
        if (candidates->empty()) break;  // everything left is held by pending sends
        for (const auto& file : *candidates) {
            if (static_cast<std::uint64_t>(bytes) <= cap_bytes_) break;
            if (auto s = repo_.remove_file(file.sha256); !s) return s.error();
            std::error_code ec;
            std::filesystem::remove(dir_ / file.sha256, ec);
            bytes -= file.size;
        }
    }
    return ok_status();
}

Result<store::MediaRecord> MediaStore::record(const std::string& session_id, const std::string& media_id) {
    auto found = repo_.find(session_id, media_id);
    if (!found) return found.error();
    if (!*found) return Error{"not_found", "no media " + media_id + " in this session (or it was evicted)"};
    return std::move(**found);
}

Result<MediaInfo> MediaStore::info(const std::string& session_id, const std::string& media_id) {
    std::lock_guard lock(mutex_);
    auto media = record(session_id, media_id);
    if (!media) return media.error();
    return MediaInfo{media->id, media->sha256, media->size, media->mimetype, media->file_name};
}

Result<MediaBlob> MediaStore::open(const std::string& session_id, const std::string& media_id) {
    std::lock_guard lock(mutex_);
    auto media = record(session_id, media_id);
    if (!media) return media.error();
    std::ifstream in(dir_ / media->sha256, std::ios::binary);
    std::string bytes;
    if (in) {
        bytes.resize(static_cast<std::size_t>(media->size));
        in.read(bytes.data(), media->size);
    }
    if (!in || in.gcount() != media->size) {
        // The file is gone or cut short (removed by hand?): forget it so the next put() writes it again.
        (void)repo_.remove_file(media->sha256);
        return Error{"not_found", "media " + media_id + " is no longer on disk"};
    }
    if (auto s = repo_.touch_file(media->sha256, media->size); !s) return s.error();
    return MediaBlob{{media->id, media->sha256, media->size, media->mimetype, media->file_name},
                     std::move(bytes)};
}

Status MediaStore::hold(const std::string& session_id, const std::string& media_id) {
    std::lock_guard lock(mutex_);
    auto media = record(session_id, media_id);
    if (!media) return media.error();
    return repo_.add_hold(media->sha256, +1);
}

Status MediaStore::release(const std::string& session_id, const std::string& media_id) {
    std::lock_guard lock(mutex_);
    auto media = record(session_id, media_id);
    if (!media) return media.error();
    auto released = repo_.add_hold(media->sha256, -1);
    if (!released) return released;
    return evict_over_cap({});
}

}  // namespace wagw::services
