#pragma once
// Fans live events out to every connected /api/events WebSocket whose filter they match. Knows nothing of the
// socket library: each subscriber is a send function, so services can publish without seeing the HTTP layer.
// The event log (services/event_log) publishes here after storing each event, in id order.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/model/events.hpp"

namespace wagw::api {

class EventHub {
public:
    // The event and its JSON text (serialized once for every subscriber).
    using Send = std::function<void(const model::EventEnvelope& event, const std::string& json_text)>;
    using SubscriberId = std::uint64_t;

    SubscriberId subscribe(model::EventFilter filter, Send send);
    void unsubscribe(SubscriberId id);
    void publish(const model::EventEnvelope& event);
    std::size_t subscriber_count() const;

private:
    struct Subscriber {
        model::EventFilter filter;
        Send send;
    };
    mutable std::mutex mutex_;
    SubscriberId next_id_ = 1;
    std::unordered_map<SubscriberId, Subscriber> subscribers_;
};

std::int64_t unix_time_ms();

}  // namespace wagw::api
