#include "backend/store/event_repository.hpp"

#include "common/util/json_fields.hpp"

namespace wagw::store {

Result<std::uint64_t> EventRepository::append(const model::EventEnvelope& event) {
    auto insert = db_.prepare("INSERT INTO events(at_ms, type, session_id, payload) VALUES (?, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, event.at_ms).bind(2, event.type);
    if (event.session.empty()) {
        insert->bind_null(3);
    } else {
        insert->bind(3, event.session);
    }
    insert->bind(4, event.data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (auto s = insert->run(); !s) return s.error();
    return static_cast<std::uint64_t>(db_.last_insert_rowid());
}

Result<std::vector<model::EventEnvelope>> EventRepository::after(std::uint64_t since, std::size_t limit) {
    auto query = db_.prepare(
        "SELECT id, at_ms, type, session_id, payload FROM events WHERE id > ? ORDER BY id LIMIT ?");
    if (!query) return query.error();
    query->bind(1, static_cast<std::int64_t>(since)).bind(2, static_cast<std::int64_t>(limit));
    std::vector<model::EventEnvelope> events;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        model::EventEnvelope event;
        event.id = static_cast<std::uint64_t>(query->column_int(0));
        event.at_ms = query->column_int(1);
        event.type = query->column_text(2);
        event.session = query->column_text(3);
        // Written by append() from valid JSON; a damaged row still replays, with an empty payload.
        auto payload = json_fields::parse(query->column_text(4));
        if (payload && payload->is_object()) event.data = std::move(*payload);
        events.push_back(std::move(event));
    }
    return events;
}

Result<EventBounds> EventRepository::bounds() {
    EventBounds bounds;
    auto oldest = db_.prepare("SELECT COALESCE(MIN(id), 0) FROM events");
    if (!oldest) return oldest.error();
    if (auto row = oldest->step(); !row) return row.error();
    bounds.oldest_kept = static_cast<std::uint64_t>(oldest->column_int(0));
    // sqlite_sequence remembers the last id even when every row has been pruned.
    auto last = db_.prepare("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'events'");
    if (!last) return last.error();
    if (auto row = last->step(); !row) return row.error();
    bounds.last_id = static_cast<std::uint64_t>(last->column_int(0));
    return bounds;
}

Status EventRepository::prune(std::uint64_t keep_count, std::int64_t min_at_ms) {
    auto prune = db_.prepare(
        "DELETE FROM events WHERE id <= (SELECT COALESCE(MAX(id), 0) FROM events) - ? OR at_ms < ?");
    if (!prune) return prune.error();
    prune->bind(1, static_cast<std::int64_t>(keep_count)).bind(2, min_at_ms);
    return prune->run();
}

}  // namespace wagw::store
