#pragma once
// Short-lived, single-use tickets that let a browser open /api/events: a browser cannot put a key header on a
// WebSocket, and a key must never travel in a URL (proxies and access logs keep URLs). The page asks for a
// ticket with its key (POST /api/events/tickets) and opens the socket with ?ticket= at once.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wagw::api {

class EventTickets {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds kLifetime{60};
    // Unredeemed tickets kept at most; the oldest goes first. Bounds memory whatever a key holder does.
    static constexpr std::size_t kMaxOutstanding = 1024;

    // A new ticket for `principal` (whose key asked for it), valid for kLifetime.
    std::string issue(std::string principal, Clock::time_point now = Clock::now());
    // The principal, once: a ticket works for one socket only.
    std::optional<std::string> redeem(std::string_view ticket, Clock::time_point now = Clock::now());

private:
    struct Entry {
        std::string principal;
        Clock::time_point expires;
    };
    void drop_expired(Clock::time_point now);

    std::mutex mutex_;
    std::unordered_map<std::string, Entry> tickets_;
};

}  // namespace wagw::api
