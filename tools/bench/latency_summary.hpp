#pragma once
// Percentiles of a set of latencies, for benchmark reports.
#include <cstddef>
#include <string>
#include <vector>

namespace wagw::bench {

struct LatencySummary {
    std::size_t count = 0;
    double mean_ms = 0, p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
};

// Nearest-rank percentiles; an empty set gives all zeros.
LatencySummary summarize_latencies(std::vector<double> milliseconds);

// "n=1000 p50 1.2 ms  p90 ...  p99 ...  max ..."
std::string describe(const LatencySummary& summary);

}  // namespace wagw::bench
