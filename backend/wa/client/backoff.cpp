#include "backend/wa/client/backoff.hpp"

#include <algorithm>

namespace wagw::wa::client {

std::chrono::milliseconds ReconnectBackoff::nominal_delay(unsigned attempt) const {
    // Double from the base until the cap; stop shifting early so the arithmetic never overflows.
    auto delay = policy_.base.count();
    for (unsigned i = 0; i < attempt && delay < policy_.max.count(); ++i) delay *= 2;
    return std::chrono::milliseconds(std::min<std::int64_t>(delay, policy_.max.count()));
}

std::chrono::milliseconds ReconnectBackoff::next_delay() {
    auto nominal = static_cast<double>(nominal_delay(attempt_).count());
    ++attempt_;
    double jitter = std::clamp(policy_.jitter, 0.0, 1.0);
    std::uniform_real_distribution<double> factor(1.0 - jitter, 1.0 + jitter);
    auto delay = static_cast<std::int64_t>(nominal * factor(random_));
    return std::chrono::milliseconds(std::clamp<std::int64_t>(delay, 0, policy_.max.count()));
}

}  // namespace wagw::wa::client
