#pragma once
// Live events pushed over the /api/events WebSocket. Every event is one JSON object:
// {"type": "...", "at_ms": <unix ms>, "data": {...}}; the type says how to read data.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/util/result.hpp"

namespace wagw::model {

struct EventEnvelope {
    std::string type;
    std::int64_t at_ms = 0;
    nlohmann::json data = nlohmann::json::object();
};

nlohmann::json to_json(const EventEnvelope& event);
Result<EventEnvelope> event_from_json(const nlohmann::json& json);

// Sent once to every new events connection, so a client knows it is live and which server it talks to.
struct HelloEvent {
    std::string version;
    std::int64_t uptime_s = 0;
};

inline constexpr const char* kHelloEventType = "hello";
EventEnvelope make_hello_event(const HelloEvent& hello, std::int64_t at_ms);
Result<HelloEvent> hello_from_event(const EventEnvelope& event);

}  // namespace wagw::model
