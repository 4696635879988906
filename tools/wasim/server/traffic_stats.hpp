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
    // Messages a virtual phone received again with an id it already held (a sender's resend after a crash or a
    // lost ack): kept once in its inbox, counted here, so tests can tell "shown once" from "sent once".
    std::atomic<std::uint64_t> duplicates_by_id{0};
};

}  // namespace wagw::wasim
