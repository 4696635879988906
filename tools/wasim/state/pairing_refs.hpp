#pragma once
// The six refs a registering companion receives in <pair-device> (protocol.md §5.1 step 2). Clients show the
// first for 60 s and each next one for 20 s, so a ref stays scannable until the end of its own display window;
// after the last window (160 s) the whole set has expired.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wagw::wasim {

class PairingRefs {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kCount = 6;
    static constexpr std::chrono::seconds kFirstWindow{60};
    static constexpr std::chrono::seconds kNextWindow{20};

    // Fresh random refs, issued at `issued_at`.
    static PairingRefs issue(Clock::time_point issued_at);
    PairingRefs(std::vector<std::string> refs, Clock::time_point issued_at);

    const std::vector<std::string>& refs() const { return refs_; }
    // Index of `ref` when it is one of ours and its window has not ended at `now`.
    std::optional<std::size_t> accept(const std::string& ref, Clock::time_point now) const;
    // When ref `index` stops being scannable.
    Clock::time_point expiry(std::size_t index) const;
    bool all_expired(Clock::time_point now) const { return now >= expiry(refs_.size() - 1); }

private:
    std::vector<std::string> refs_;
    Clock::time_point issued_at_;
};

}  // namespace wagw::wasim
