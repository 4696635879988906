#pragma once
// Fans live events out to every connected /api/events WebSocket. Knows nothing of the socket library:
// each subscriber is a send function, so services can publish without seeing the HTTP layer.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/model/events.hpp"

namespace wagw::api {

class EventHub {
public:
    using Send = std::function<void(const std::string& json_text)>;
    using SubscriberId = std::uint64_t;

    SubscriberId subscribe(Send send);
    void unsubscribe(SubscriberId id);
    void publish(const model::EventEnvelope& event);
    std::size_t subscriber_count() const;

private:
    mutable std::mutex mutex_;
    SubscriberId next_id_ = 1;
    std::unordered_map<SubscriberId, Send> subscribers_;
};

std::int64_t unix_time_ms();

}  // namespace wagw::api
