#include "backend/store/secret_box.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

namespace wagw::store {
namespace {

static_assert(SecretBox::kKeySize == crypto_secretbox_KEYBYTES);

Status write_new_key_file(const std::filesystem::path& file, std::span<const std::uint8_t> key) {
    // O_EXCL: never overwrite a key that appeared meanwhile; 0600: only the gateway's user may read it.
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Error{"master_key", "cannot create " + file.string() + ": " + std::strerror(errno)};
    const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!written || !synced) return Error{"master_key", "cannot write " + file.string()};
    return ok_status();
}

}  // namespace

Result<SecretBox> SecretBox::from_key(std::span<const std::uint8_t> key) {
    if (sodium_init() < 0) return Error{"crypto", "libsodium could not be initialised"};
    if (key.size() != kKeySize) {
        return Error{"master_key", "the master key must be " + std::to_string(kKeySize) + " bytes, not " +
                                       std::to_string(key.size())};
    }
    SecretBox box;
    std::memcpy(box.key_.data(), key.data(), kKeySize);
    return box;
}

Result<SecretBox> SecretBox::from_key_file(const std::filesystem::path& file) {
    if (sodium_init() < 0) return Error{"crypto", "libsodium could not be initialised"};
    std::array<std::uint8_t, kKeySize> key{};
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        randombytes_buf(key.data(), key.size());
        if (auto written = write_new_key_file(file, key); !written) {
            sodium_memzero(key.data(), key.size());
            return written.error();
        }
    } else {
        std::ifstream in(file, std::ios::binary);
        in.read(reinterpret_cast<char*>(key.data()), key.size());
        const bool exact = in.gcount() == static_cast<std::streamsize>(key.size()) && in.peek() == EOF;
        if (!exact) {
            sodium_memzero(key.data(), key.size());
            return Error{"master_key", file.string() + " is not a 32-byte master key; restore it from a backup"};
        }
    }
    auto box = from_key(key);
    sodium_memzero(key.data(), key.size());
    return box;
}

SecretBox::SecretBox(SecretBox&& other) noexcept : key_(other.key_) { sodium_memzero(other.key_.data(), kKeySize); }

SecretBox::~SecretBox() { sodium_memzero(key_.data(), kKeySize); }

std::vector<std::uint8_t> SecretBox::seal(std::span<const std::uint8_t> plaintext) const {
    std::vector<std::uint8_t> sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size());
    randombytes_buf(sealed.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(sealed.data() + crypto_secretbox_NONCEBYTES, plaintext.data(), plaintext.size(),
                          sealed.data(), key_.data());
    return sealed;
}

Result<std::vector<std::uint8_t>> SecretBox::open(std::span<const std::uint8_t> sealed) const {
    constexpr std::size_t overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    if (sealed.size() < overhead) return Error{"sealed_data", "a sealed value is too short to be valid"};
    std::vector<std::uint8_t> plaintext(sealed.size() - overhead);
    if (crypto_secretbox_open_easy(plaintext.data(), sealed.data() + crypto_secretbox_NONCEBYTES,
                                   sealed.size() - crypto_secretbox_NONCEBYTES, sealed.data(), key_.data()) != 0) {
        return Error{"sealed_data", "a sealed value does not open with this master key (wrong key or damaged data)"};
    }
    return plaintext;
}

}  // namespace wagw::store
