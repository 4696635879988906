#include "tools/bench/latency_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace wagw::bench {

LatencySummary summarize_latencies(std::vector<double> milliseconds) {
    LatencySummary summary;
    summary.count = milliseconds.size();
    if (milliseconds.empty()) return summary;
    std::sort(milliseconds.begin(), milliseconds.end());
    auto rank = [&](double percent) {
        const auto index =
            static_cast<std::size_t>(std::ceil(percent / 100.0 * static_cast<double>(summary.count)));
        return milliseconds[std::clamp<std::size_t>(index, 1, summary.count) - 1];
    };
    summary.mean_ms =
        std::accumulate(milliseconds.begin(), milliseconds.end(), 0.0) / static_cast<double>(summary.count);
    summary.p50_ms = rank(50);
    summary.p90_ms = rank(90);
    summary.p99_ms = rank(99);
    summary.max_ms = milliseconds.back();
    return summary;
}

std::string describe(const LatencySummary& s) {
    char line[160];
    std::snprintf(line, sizeof line,
                  "n=%zu  mean %.1f ms  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms", s.count,
                  s.mean_ms, s.p50_ms, s.p90_ms, s.p99_ms, s.max_ms);
    return line;
}

}  // namespace wagw::bench
