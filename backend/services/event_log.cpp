#include "backend/services/event_log.hpp"

#include <algorithm>
#include <cstdio>

namespace wagw::services {
namespace {

// Pruning is a range delete: done every this many events rather than on every append.
constexpr std::uint64_t kPruneEvery = 64;

}  // namespace

EventLog::EventLog(store::Database db, Clock clock, EventLogLimits limits)
    : db_(std::move(db)), repository_(db_), clock_(std::move(clock)), limits_(limits) {
    // A bound lowered since the last run applies at once, not only after the next events.
    if (auto pruned = repository_.prune(limits_.keep_count, clock_() - limits_.keep_for.count()); !pruned)
        std::fprintf(stderr, "wagw: pruning the event log failed: %s\n", pruned.error().message.c_str());
}

void EventLog::add_sink(Sink sink) {
    std::lock_guard lock(mutex_);
    sinks_.push_back(std::move(sink));
}

model::EventEnvelope EventLog::publish(model::EventEnvelope event) {
    if (event.at_ms == 0) event.at_ms = clock_();
    // Producers written before the envelope had a session field name it in the payload; the envelope (and so
    // every filter) should still know it.
    if (event.session.empty() && event.data.is_object()) {
        if (auto it = event.data.find("session"); it != event.data.end() && it->is_string())
            event.session = it->get<std::string>();
    }
    std::lock_guard lock(mutex_);
    auto id = repository_.append(event);
    if (id) {
        event.id = *id;
        // At most 10% over the bound between two prunes (a small bound is kept exactly).
        const auto interval = std::clamp<std::uint64_t>(limits_.keep_count / 10, 1, kPruneEvery);
        if (++appended_since_prune_ >= interval) {
            appended_since_prune_ = 0;
            const auto oldest_allowed = event.at_ms - limits_.keep_for.count();
            if (auto pruned = repository_.prune(limits_.keep_count, oldest_allowed); !pruned)
                std::fprintf(stderr, "wagw: pruning the event log failed: %s\n",
                             pruned.error().message.c_str());
        }
    } else {
        event.id = 0;
        std::fprintf(stderr, "wagw: storing a %s event failed: %s\n", event.type.c_str(),
                     id.error().message.c_str());
    }
    for (const auto& sink : sinks_) sink(event);
    return event;
}

Result<EventPage> EventLog::read_after(std::uint64_t since, const model::EventFilter& filter,
                                       std::size_t scan_limit) {
    std::lock_guard lock(mutex_);
    auto rows = repository_.after(since, scan_limit);
    if (!rows) return rows.error();
    EventPage page;
    page.scanned_to = rows->empty() ? since : rows->back().id;
    page.end = rows->size() < scan_limit;
    for (auto& event : *rows) {
        if (filter.matches(event)) page.events.push_back(std::move(event));
    }
    return page;
}

Result<store::EventBounds> EventLog::bounds() {
    std::lock_guard lock(mutex_);
    return repository_.bounds();
}

}  // namespace wagw::services
