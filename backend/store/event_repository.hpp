#pragma once
// The event log's rows (table `events`, gateway migration 3). Ids come from SQLite's AUTOINCREMENT: they only
// grow and are never reused, across restarts and pruning alike, so they double as the replay cursor.
#include <cstdint>
#include <vector>

#include "backend/store/database.hpp"
#include "common/model/events.hpp"

namespace wagw::store {

struct EventBounds {
    std::uint64_t oldest_kept = 0;  // 0: no event is kept
    std::uint64_t last_id = 0;      // the newest id ever assigned (kept or pruned); 0: none yet
};

class EventRepository {
public:
    explicit EventRepository(Database& db) : db_(db) {}

    // Stores the event and returns its new id (the event's own id is ignored).
    Result<std::uint64_t> append(const model::EventEnvelope& event);
    // Up to `limit` events with ids above `since`, oldest first.
    Result<std::vector<model::EventEnvelope>> after(std::uint64_t since, std::size_t limit);
    Result<EventBounds> bounds();
    // Drops all but the newest `keep_count` events, and every event older than `min_at_ms`.
    Status prune(std::uint64_t keep_count, std::int64_t min_at_ms);

private:
    Database& db_;
};

}  // namespace wagw::store
