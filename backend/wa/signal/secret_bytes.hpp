#pragma once
// Fixed-size key material that is wiped when it goes away, so private keys and derived secrets do not
// linger in freed memory. Never print one: there is deliberately no conversion to text.
#include <openssl/crypto.h>

#include <array>
#include <cstdint>
#include <span>

namespace wagw::wa::signal {

template <std::size_t N>
class SecretBytes {
public:
    SecretBytes() { bytes_.fill(0); }
    explicit SecretBytes(std::span<const uint8_t, N> from) { std::copy(from.begin(), from.end(), bytes_.begin()); }
    SecretBytes(const SecretBytes&) = default;
    SecretBytes& operator=(const SecretBytes&) = default;
    ~SecretBytes() { OPENSSL_cleanse(bytes_.data(), N); }

    static constexpr std::size_t size() { return N; }
    uint8_t* data() { return bytes_.data(); }
    const uint8_t* data() const { return bytes_.data(); }
    std::span<const uint8_t, N> span() const { return std::span<const uint8_t, N>(bytes_); }
    std::span<uint8_t, N> mutable_span() { return std::span<uint8_t, N>(bytes_); }

private:
    std::array<uint8_t, N> bytes_;
};

}  // namespace wagw::wa::signal
