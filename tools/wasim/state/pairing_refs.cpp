#include "tools/wasim/state/pairing_refs.hpp"

#include "common/util/base64.hpp"
#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wasim {

PairingRefs PairingRefs::issue(Clock::time_point issued_at) {
    std::vector<std::string> refs;
    for (std::size_t i = 0; i < kCount; ++i) {
        // Real refs look like "2@<base64>"; clients treat them as opaque text.
        const auto random = wa::signal::KeyPair::generate().public_key;  // 32 bytes from the OS generator
        refs.push_back("2@" + util::base64_encode(std::span(random).first(24)));
    }
    return PairingRefs(std::move(refs), issued_at);
}

PairingRefs::PairingRefs(std::vector<std::string> refs, Clock::time_point issued_at)
    : refs_(std::move(refs)), issued_at_(issued_at) {}

PairingRefs::Clock::time_point PairingRefs::expiry(std::size_t index) const {
    return issued_at_ + kFirstWindow + kNextWindow * static_cast<int>(index);
}

std::optional<std::size_t> PairingRefs::accept(const std::string& ref, Clock::time_point now) const {
    for (std::size_t i = 0; i < refs_.size(); ++i)
        if (refs_[i] == ref) return now < expiry(i) ? std::optional(i) : std::nullopt;
    return std::nullopt;
}

}  // namespace wagw::wasim
