#pragma once
// Counters every connection bumps from its own strand (hence atomics), read by the control API.
#include <atomic>
#include <cstdint>

namespace wagw::wasim {

struct TrafficStats {
    std::atomic<std::uint64_t> connections_total{0};
    std::atomic<std::int64_t> connections_open{0};
    std::atomic<std::uint64_t> stanzas_in{0};
    std::atomic<std::uint64_t> stanzas_out{0};
    std::atomic<std::uint64_t> logins{0};
    std::atomic<std::uint64_t> pairings{0};
    std::atomic<std::uint64_t> messages_routed{0};
    // Message stanzas refused because their id is not a plain id (handlers/messages.cpp).
    std::atomic<std::uint64_t> messages_refused_bad_id{0};
};

}  // namespace wagw::wasim
