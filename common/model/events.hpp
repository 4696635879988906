#pragma once
// Events: pushed live over the /api/events WebSocket, kept in the event log for replay (?since=), and POSTed
// to webhooks, always as one JSON object:
//   {"id": 42, "time": <unix ms>, "type": "session.state", "session": "ses_..." | null, "payload": {...}}
// `id` grows by one per stored event and never repeats, across restarts too; events that are not stored
// (hello, events.gap) carry "id": null and cannot be resumed from. The type says how to read the payload.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/util/result.hpp"

namespace wagw::model {

// The first three fields keep their historical names and order (code builds EventEnvelope{type, at_ms,
// data}): they are "type", "time" and "payload" on the wire.
struct EventEnvelope {
    std::string type;
    std::int64_t at_ms = 0;
    nlohmann::json data = nlohmann::json::object();
    std::uint64_t id = 0;  // 0: not (yet) stored; the event log assigns it
    std::string session;   // empty: a gateway-wide event ("session": null on the wire)
};

nlohmann::json to_json(const EventEnvelope& event);
Result<EventEnvelope> event_from_json(const nlohmann::json& json);

// Event types a subscriber or webhook may ask for. A filter entry is an exact type, "*" (everything) or
// "prefix.*" (every type of one family, e.g. "group.*").
std::span<const std::string_view> known_event_types();
bool is_valid_event_filter(std::string_view entry);
bool event_type_matches(std::string_view filter_entry, std::string_view type);

// Which events a subscriber (?types=&session=) or a webhook wants. Empty lists mean "all"; a session list
// leaves out gateway-wide events, which belong to no session.
struct EventFilter {
    std::vector<std::string> types;
    std::vector<std::string> sessions;

    bool matches(const EventEnvelope& event) const;
};

// Sent once to every new events connection, so a client knows it is live and which server it talks to.
struct HelloEvent {
    std::string version;
    std::int64_t uptime_s = 0;
    std::uint64_t last_event_id = 0;  // the newest event id so far: resume later with ?since= this
};

inline constexpr const char* kHelloEventType = "hello";
EventEnvelope make_hello_event(const HelloEvent& hello, std::int64_t at_ms);
Result<HelloEvent> hello_from_event(const EventEnvelope& event);

// Sent before a replay when `since` is older than the oldest event still kept: events between the two were
// pruned and are lost to this consumer. Payload: {"since", "oldest_kept"} (oldest_kept null: the log is
// empty).
inline constexpr const char* kEventsGapType = "events.gap";

}  // namespace wagw::model
