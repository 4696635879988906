#pragma once
// What /api/health and the events hello report about this process.
#include <chrono>

#include "common/model/health.hpp"

namespace wagw::services {

class HealthReporter {
public:
    explicit HealthReporter(bool demo = false) : started_(std::chrono::steady_clock::now()), demo_(demo) {}
    model::HealthStatus current() const;
    std::int64_t uptime_s() const;

private:
    std::chrono::steady_clock::time_point started_;
    bool demo_;
};

}  // namespace wagw::services
