#include "tools/wasim/state/media_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "common/util/base64.hpp"
#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wasim {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPathPrefix = "/v/t62.7118-24/";
constexpr std::string_view kBlobSuffix = ".enc";
constexpr std::string_view kTempSuffix = ".tmp";

Error io_error(const std::string& what, const fs::path& path, int error_number) {
    return Error{"io_error", what + " " + path.string() + ": " + std::strerror(error_number)};
}

// Temp file, fsync, rename: a crash leaves either the whole blob under its name or a temp file that the next
// open_directory removes, never a truncated blob that would download with a bad MAC.
Status write_atomically(const fs::path& path, std::string_view bytes) {
    fs::path temp = path;
    temp += kTempSuffix;
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return io_error("cannot create", temp, errno);
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) {
            const int error_number = written < 0 ? errno : EIO;
            ::close(fd);
            ::unlink(temp.c_str());
            return io_error("cannot write", temp, error_number);
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    const bool synced = ::fsync(fd) == 0;
    const int sync_errno = errno;
    ::close(fd);
    if (!synced) {
        ::unlink(temp.c_str());
        return io_error("cannot sync", temp, sync_errno);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int rename_errno = errno;
        ::unlink(temp.c_str());
        return io_error("cannot rename into", path, rename_errno);
    }
    return ok_status();
}

// The upload order a blob's file name starts with ("<n>-<type>-<id>.enc"); nullopt for other names.
std::optional<std::uint64_t> sequence_of(std::string_view name) {
    if (!name.ends_with(kBlobSuffix)) return std::nullopt;
    std::uint64_t sequence = 0;
    std::size_t digits = 0;
    for (; digits < name.size() && name[digits] >= '0' && name[digits] <= '9'; ++digits)
        sequence = sequence * 10 + static_cast<std::uint64_t>(name[digits] - '0');
    if (digits == 0 || digits > 18 || digits >= name.size() || name[digits] != '-') return std::nullopt;
    return sequence;
}

// The media type goes into the path clients download from (and the file name): only characters that need no
// escaping in a URL and cannot leave the media folder.
std::string safe_type(std::string_view media_type) {
    std::string out;
    for (char c : media_type)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') out += c;
    return out.empty() ? std::string("media") : out;
}

}  // namespace

Result<MediaStore> MediaStore::open_directory(const fs::path& directory, std::size_t max_total_bytes) {
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec) return Error{"io_error", "cannot create " + directory.string() + ": " + ec.message()};
    MediaStore store(max_total_bytes);
    store.directory_ = directory;
    for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string name = it->path().filename().string();
        if (name.ends_with(kTempSuffix)) {
            fs::remove(it->path(), ec);  // a write cut short by a crash
            ec.clear();
            continue;
        }
        const auto sequence = sequence_of(name);
        if (!sequence) continue;  // not ours: left alone
        const auto size = it->file_size(ec);
        if (ec) return Error{"io_error", "cannot read the size of " + it->path().string() + ": " + ec.message()};
        store.add(std::string(kPathPrefix) + name, Blob{*sequence, static_cast<std::size_t>(size), {}});
        store.next_sequence_ = std::max(store.next_sequence_, *sequence + 1);
    }
    if (ec) return Error{"io_error", "cannot list " + directory.string() + ": " + ec.message()};
    // The bound may have been lowered since the last run.
    while (store.total_ > store.max_total_ && !store.by_age_.empty()) store.evict_oldest();
    return store;
}

// When full, the oldest blobs go, rather than the upload being refused: with --data the store outlives every run,
// so refusing would leave a long-lived data dir (the gateway's demo) unable to take any upload ever again once
// full. WhatsApp's servers drop old media too (a client then asks the sender to re-upload), so an old message
// whose media is gone is a state clients know.
Result<std::string> MediaStore::put(std::string_view media_type, std::string blob) {
    if (blob.size() > max_total_)
        return Error{"media_store_full", "the blob is larger than the simulator's whole media store"};
    // Unguessable ids, like real direct paths: a download needs the path from the message.
    const auto random = wa::signal::KeyPair::generate().public_key;
    std::string id = util::base64_encode(std::span(random).first(18));
    for (char& c : id)
        if (c == '+') c = '-';
        else if (c == '/') c = '_';
    const std::uint64_t sequence = next_sequence_++;
    const std::string name =
        std::to_string(sequence) + "-" + safe_type(media_type) + "-" + id + std::string(kBlobSuffix);
    Blob entry{sequence, blob.size(), {}};
    if (directory_) {
        if (auto written = write_atomically(*directory_ / name, blob); !written) return written.error();
    } else {
        entry.bytes = std::move(blob);
    }
    while (total_ + entry.size > max_total_ && !by_age_.empty()) evict_oldest();
    const std::string path = std::string(kPathPrefix) + name;
    add(path, std::move(entry));
    return path + "?ccb=9-4&oh=wasim";
}

Result<std::string> MediaStore::get(std::string_view path) const {
    path = path.substr(0, path.find('?'));
    auto it = blobs_.find(path);
    if (it == blobs_.end()) return Error{"not_found", "no media at " + std::string(path)};
    if (!directory_) return it->second.bytes;
    const fs::path file = *directory_ / std::string(path.substr(kPathPrefix.size()));
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return Error{"io_error", "cannot read " + file.string()};
    if (bytes.size() != it->second.size) return Error{"io_error", file.string() + " changed size on disk"};
    return bytes;
}

void MediaStore::add(std::string path, Blob blob) {
    total_ += blob.size;
    by_age_[blob.sequence] = path;
    blobs_[std::move(path)] = std::move(blob);
}

void MediaStore::evict_oldest() {
    if (by_age_.empty()) return;
    auto oldest = by_age_.begin();
    auto it = blobs_.find(oldest->second);
    if (it != blobs_.end()) {
        total_ -= it->second.size;
        if (directory_) {
            std::error_code ec;  // a file that will not go is listed again, and evicted again, at the next start
            fs::remove(*directory_ / it->first.substr(kPathPrefix.size()), ec);
        }
        blobs_.erase(it);
    }
    by_age_.erase(oldest);
}

}  // namespace wagw::wasim
