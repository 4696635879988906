#include "backend/api/event_hub.hpp"

#include <chrono>
#include <vector>

namespace wagw::api {

EventHub::SubscriberId EventHub::subscribe(model::EventFilter filter, Send send) {
    std::lock_guard lock(mutex_);
    SubscriberId id = next_id_++;
    subscribers_.emplace(id, Subscriber{std::move(filter), std::move(send)});
    return id;
}

void EventHub::unsubscribe(SubscriberId id) {
    std::lock_guard lock(mutex_);
    subscribers_.erase(id);
}

void EventHub::publish(const model::EventEnvelope& event) {
    const std::string text = model::to_json(event).dump();
    std::vector<Send> targets;
    {
        std::lock_guard lock(mutex_);
        targets.reserve(subscribers_.size());
        for (auto& [id, subscriber] : subscribers_) {
            if (subscriber.filter.matches(event)) targets.push_back(subscriber.send);
        }
    }
    // Sending outside the lock: a slow socket must not block subscribe/unsubscribe.
    for (auto& send : targets) send(event, text);
}

std::size_t EventHub::subscriber_count() const {
    std::lock_guard lock(mutex_);
    return subscribers_.size();
}

std::int64_t unix_time_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace wagw::api
