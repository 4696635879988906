#include "backend/services/health.hpp"

namespace wagw::services {

std::int64_t HealthReporter::uptime_s() const {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
}

model::HealthStatus HealthReporter::current() const { return {"ok", WAGW_VERSION, uptime_s(), demo_}; }

}  // namespace wagw::services
