#include "backend/wa/stanza/message_id.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <chrono>
#include <vector>

namespace wagw::wa::stanza {

std::string new_message_id(std::string_view own_user, std::uint64_t unix_seconds) {
    std::vector<std::uint8_t> input;
    for (int shift = 56; shift >= 0; shift -= 8) input.push_back(static_cast<std::uint8_t>(unix_seconds >> shift));
    input.insert(input.end(), own_user.begin(), own_user.end());
    constexpr std::string_view kSuffix = "@c.us";
    input.insert(input.end(), kSuffix.begin(), kSuffix.end());
    std::array<std::uint8_t, 16> random{};
    RAND_bytes(random.data(), static_cast<int>(random.size()));
    input.insert(input.end(), random.begin(), random.end());
    std::array<std::uint8_t, SHA256_DIGEST_LENGTH> digest{};
    SHA256(input.data(), input.size(), digest.data());
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string id = "3EB0";
    for (int i = 0; i < 9; ++i) {
        id.push_back(kHex[digest[i] >> 4]);
        id.push_back(kHex[digest[i] & 0x0F]);
    }
    return id;
}

bool is_valid_message_id(std::string_view id) {
    if (id.empty() || id.size() > 128 || id == "." || id == "..") return false;
    for (char c : id) {
        const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                             c == '.' || c == '_' || c == '-';
        if (!allowed) return false;
    }
    return true;
}

bool is_outgoing_message_id(std::string_view id) {
    if (id.size() < 4 + 16 || id.size() > 4 + 20 || !id.starts_with("3EB0")) return false;
    for (char c : id.substr(4)) {
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
    }
    return true;
}

std::string new_message_id(std::string_view own_user) {
    using namespace std::chrono;
    return new_message_id(own_user,
                          static_cast<std::uint64_t>(duration_cast<seconds>(system_clock::now().time_since_epoch()).count()));
}

}  // namespace wagw::wa::stanza
