#include "backend/api/event_tickets.hpp"

#include <algorithm>

#include "backend/services/random_text.hpp"

namespace wagw::api {

std::string EventTickets::issue(std::string principal, Clock::time_point now) {
    std::string ticket = "evt_" + services::random_base64url(24);

    std::lock_guard lock(mutex_);
    drop_expired(now);
    if (tickets_.size() >= kMaxOutstanding) {
        auto oldest = std::min_element(tickets_.begin(), tickets_.end(), [](const auto& a, const auto& b) {
            return a.second.expires < b.second.expires;
        });
        tickets_.erase(oldest);
    }
    tickets_.emplace(ticket, Entry{std::move(principal), now + kLifetime});
    return ticket;
}

std::optional<std::string> EventTickets::redeem(std::string_view ticket, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto found = tickets_.find(std::string(ticket));
    if (found == tickets_.end()) return std::nullopt;
    Entry entry = std::move(found->second);
    tickets_.erase(found);
    if (entry.expires <= now) return std::nullopt;
    return std::move(entry.principal);
}

void EventTickets::drop_expired(Clock::time_point now) {
    std::erase_if(tickets_, [now](const auto& item) { return item.second.expires <= now; });
}

}  // namespace wagw::api
