#pragma once
// Counts the outcomes of many asynchronous operations (reported from any io thread) and bounds how many run
// at once; the benchmark's main thread starts operations through it and waits for them. Each phase has a
// number: an outcome that arrives after its phase ended (a timeout) is ignored instead of counted in the next
// one.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::bench {

struct PhaseOutcome {
    std::size_t ok = 0, failed = 0, timed_out = 0;
    std::vector<std::string> errors;  // the first few distinct reasons
    double seconds = 0;               // from begin() to the last outcome (or the deadline)
};

class PhaseTally {
public:
    using Deadline = std::chrono::steady_clock::time_point;

    // Main thread: starts a phase in which at most `window` operations run at once; returns its number.
    std::uint64_t begin(std::size_t window);
    // Main thread: waits for a free slot and counts one more operation started; false at the deadline.
    bool start_one(Deadline deadline);
    // Any thread, once per operation started in phase `phase`.
    void finish(std::uint64_t phase, const Status& outcome);
    // Main thread: waits until every started operation finished (or the deadline) and ends the phase.
    PhaseOutcome end(Deadline deadline);

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::uint64_t phase_ = 0;
    std::size_t window_ = 1, started_ = 0;
    PhaseOutcome outcome_;
    std::chrono::steady_clock::time_point began_, last_finish_;
};

}  // namespace wagw::bench
