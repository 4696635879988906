#include "tools/bench/phase_tally.hpp"

#include <algorithm>

namespace wagw::bench {
namespace {

constexpr std::size_t kErrorsKept = 5;

}  // namespace

std::uint64_t PhaseTally::begin(std::size_t window) {
    std::lock_guard lock(mutex_);
    window_ = std::max<std::size_t>(window, 1);
    started_ = 0;
    outcome_ = {};
    began_ = last_finish_ = std::chrono::steady_clock::now();
    return ++phase_;
}

bool PhaseTally::start_one(Deadline deadline) {
    std::unique_lock lock(mutex_);
    const bool free = changed_.wait_until(lock, deadline,
                                          [&] { return started_ - outcome_.ok - outcome_.failed < window_; });
    if (free) ++started_;
    return free;
}

void PhaseTally::finish(std::uint64_t phase, const Status& outcome) {
    {
        std::lock_guard lock(mutex_);
        if (phase != phase_) return;
        last_finish_ = std::chrono::steady_clock::now();
        if (outcome) {
            ++outcome_.ok;
        } else {
            ++outcome_.failed;
            const std::string reason = outcome.error().code + ": " + outcome.error().message;
            if (outcome_.errors.size() < kErrorsKept &&
                std::find(outcome_.errors.begin(), outcome_.errors.end(), reason) == outcome_.errors.end()) {
                outcome_.errors.push_back(reason);
            }
        }
    }
    changed_.notify_all();
}

PhaseOutcome PhaseTally::end(Deadline deadline) {
    std::unique_lock lock(mutex_);
    const bool all =
        changed_.wait_until(lock, deadline, [&] { return outcome_.ok + outcome_.failed == started_; });
    PhaseOutcome result = outcome_;
    result.timed_out = started_ - outcome_.ok - outcome_.failed;
    const auto end = all ? last_finish_ : std::chrono::steady_clock::now();
    result.seconds = std::chrono::duration<double>(end - began_).count();
    ++phase_;  // late outcomes of this phase are ignored from now on
    return result;
}

}  // namespace wagw::bench
