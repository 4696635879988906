#pragma once
// Delays between reconnect attempts: exponential (base * 2^attempt, capped), with random jitter so that a
// thousand clients dropped by one server restart do not all come back in the same millisecond.
#include <chrono>
#include <cstdint>
#include <random>

namespace wagw::wa::client {

struct BackoffPolicy {
    std::chrono::milliseconds base{1000};
    std::chrono::milliseconds max{60000};
    double jitter = 0.2;  // each delay is scaled by a random factor in [1 - jitter, 1 + jitter]
};

class ReconnectBackoff {
public:
    explicit ReconnectBackoff(BackoffPolicy policy = {}, std::uint64_t seed = std::random_device{}())
        : policy_(policy), random_(seed) {}

    // The delay before the next attempt; each call counts one more failed attempt.
    std::chrono::milliseconds next_delay();
    // The delay for attempt n without jitter (0-based), for tests and logs.
    std::chrono::milliseconds nominal_delay(unsigned attempt) const;
    // After a successful login the schedule starts again from the base.
    void reset() { attempt_ = 0; }
    unsigned attempts() const { return attempt_; }

private:
    BackoffPolicy policy_;
    std::mt19937_64 random_;
    unsigned attempt_ = 0;
};

}  // namespace wagw::wa::client
