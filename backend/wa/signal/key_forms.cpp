#include "backend/wa/signal/key_forms.hpp"

#include <algorithm>
#include <string>

namespace wagw::wa::signal {

Result<PublicKey> public_key_from_any_form(std::span<const uint8_t> bytes) {
    PublicKey key{};
    if (bytes.size() == 32) {
        std::copy(bytes.begin(), bytes.end(), key.begin());
        return key;
    }
    if (bytes.size() == 33 && bytes[0] == kDjbKeyType) {
        std::copy(bytes.begin() + 1, bytes.end(), key.begin());
        return key;
    }
    if (bytes.size() == 33) return Error{"invalid_key", "33-byte public key without the 0x05 type byte"};
    return Error{"invalid_key", "public key must be 32 bytes (or 33 with 0x05), got " + std::to_string(bytes.size())};
}

SignalPublicKey with_key_type(const PublicKey& key) {
    SignalPublicKey out{};
    out[0] = kDjbKeyType;
    std::copy(key.begin(), key.end(), out.begin() + 1);
    return out;
}

}  // namespace wagw::wa::signal
