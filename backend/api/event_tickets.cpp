#include "backend/api/event_tickets.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>

namespace wagw::api {

std::string EventTickets::issue(std::string principal, Clock::time_point now) {
    std::array<unsigned char, 24> random{};
    randombytes_buf(random.data(), random.size());
    constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::array<char, sodium_base64_ENCODED_LEN(24, variant)> text{};
    sodium_bin2base64(text.data(), text.size(), random.data(), random.size(), variant);
    std::string ticket = std::string("evt_") + text.data();

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
