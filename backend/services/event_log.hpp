#pragma once
// The event log and bus: every event is stored first (store/event_repository, which gives it its id), then
// handed to the sinks (live WebSocket fan-out, webhook deliveries) in id order. Stored events can be read
// back after any id, so a consumer that reconnects with ?since= misses nothing. The log is bounded: the
// newest `keep_count` events younger than `keep_for` are kept; older ones are pruned as new ones come.
//
// Threads: publish() is called from any thread (HTTP handlers, session strands). One mutex guards the log's
// own SQLite connection and keeps "store, then hand to the sinks" in one order for everyone, so the sinks see
// ids strictly increasing. Sinks must therefore be quick and must not publish themselves.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "backend/store/database.hpp"
#include "backend/store/event_repository.hpp"
#include "common/model/events.hpp"

namespace wagw::services {

struct EventLogLimits {
    std::uint64_t keep_count = 10'000;
    std::chrono::milliseconds keep_for = std::chrono::hours(24 * 7);
};

struct EventPage {
    std::vector<model::EventEnvelope> events;  // the ones matching the filter
    std::uint64_t scanned_to = 0;              // the last id looked at: the next page starts after it
    bool end = false;                          // nothing stored after scanned_to (yet)
};

class EventLog {
public:
    using Sink = std::function<void(const model::EventEnvelope&)>;
    using Clock = std::function<std::int64_t()>;  // unix ms

    // `db` is the log's own connection to the gateway database (migrated already).
    EventLog(store::Database db, Clock clock, EventLogLimits limits = {});

    // Registered at wiring time, before anything publishes.
    void add_sink(Sink sink);

    // Stores the event (its time set now when 0; its session taken from payload.session when left empty) and
    // hands it to every sink. Returns it with its id; id 0 when storing failed (it is still delivered live,
    // and the failure is logged).
    model::EventEnvelope publish(model::EventEnvelope event);

    // Stored events after `since`, scanning at most `scan_limit` rows.
    Result<EventPage> read_after(std::uint64_t since, const model::EventFilter& filter,
                                 std::size_t scan_limit = 500);
    Result<store::EventBounds> bounds();

private:
    std::mutex mutex_;
    store::Database db_;
    store::EventRepository repository_;
    Clock clock_;
    EventLogLimits limits_;
    std::vector<Sink> sinks_;
    std::uint64_t appended_since_prune_ = 0;
};

}  // namespace wagw::services
