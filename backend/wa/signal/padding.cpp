#include "backend/wa/signal/padding.hpp"

#include <openssl/rand.h>

#include <algorithm>

namespace wagw::wa::signal {

std::vector<std::uint8_t> pad_message(std::span<const std::uint8_t> message) {
    std::uint8_t random = 0;
    RAND_bytes(&random, 1);
    const std::uint8_t n = static_cast<std::uint8_t>((random & 0x0F) + 1);
    std::vector<std::uint8_t> padded(message.begin(), message.end());
    padded.insert(padded.end(), n, n);
    return padded;
}

Result<std::vector<std::uint8_t>> unpad_message(std::span<const std::uint8_t> padded) {
    if (padded.empty()) return Error{"bad_padding", "the decrypted message is empty"};
    const std::uint8_t n = padded.back();
    if (n == 0 || n > padded.size()) {
        return Error{"bad_padding", "the padding length " + std::to_string(n) + " does not fit the message"};
    }
    const auto tail = padded.last(n);
    if (!std::all_of(tail.begin(), tail.end(), [n](std::uint8_t b) { return b == n; })) {
        return Error{"bad_padding", "the padding bytes are not all equal to its length"};
    }
    return std::vector<std::uint8_t>(padded.begin(), padded.end() - n);
}

}  // namespace wagw::wa::signal
