#pragma once
// Injected faults, set through the control API (POST/DELETE /admin/faults) so tests can see how clients cope:
// dropped connections, slow servers, refused logins.
#include <atomic>
#include <cstdint>

namespace wagw::wasim {

struct FaultPlan {
    double drop_fraction_per_second = 0;  // of the logged-in connections, closed each second
    bool refuse_logins = false;           // logins get <failure reason="503"> (clients retry)
    // Read on connection strands (incoming stanzas wait this long before the simulator sees them).
    std::atomic<std::uint32_t> latency_ms{0};
};

}  // namespace wagw::wasim
