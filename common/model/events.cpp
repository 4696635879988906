#include "common/model/events.hpp"

#include "common/util/json_fields.hpp"

namespace wagw::model {

nlohmann::json to_json(const EventEnvelope& event) {
    return {{"type", event.type}, {"at_ms", event.at_ms}, {"data", event.data}};
}

Result<EventEnvelope> event_from_json(const nlohmann::json& json) {
    auto type = json_fields::string_at(json, "type");
    if (!type) return type.error();
    auto at_ms = json_fields::int_at(json, "at_ms");
    if (!at_ms) return at_ms.error();
    auto data = json_fields::object_at(json, "data");
    if (!data) return data.error();
    return EventEnvelope{std::move(*type), *at_ms, std::move(*data)};
}

EventEnvelope make_hello_event(const HelloEvent& hello, std::int64_t at_ms) {
    return {kHelloEventType, at_ms, {{"version", hello.version}, {"uptime_s", hello.uptime_s}}};
}

Result<HelloEvent> hello_from_event(const EventEnvelope& event) {
    if (event.type != kHelloEventType) return Error{"unexpected_event", "expected a hello event"};
    auto version = json_fields::string_at(event.data, "version");
    if (!version) return version.error();
    auto uptime = json_fields::int_at(event.data, "uptime_s");
    if (!uptime) return uptime.error();
    return HelloEvent{std::move(*version), *uptime};
}

}  // namespace wagw::model
