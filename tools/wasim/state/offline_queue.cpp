#include "tools/wasim/state/offline_queue.hpp"

namespace wagw::wasim {

bool OfflineQueue::push(const std::string& phone, std::uint16_t device, wa::binary::Node node) {
    auto& queue = queues_[{phone, device}];
    if (queue.size() >= kMaxPerDevice) return false;
    queue.push_back(std::move(node));
    ++total_;
    return true;
}

void OfflineQueue::push_front(const std::string& phone, std::uint16_t device, std::vector<wa::binary::Node> nodes) {
    auto& queue = queues_[{phone, device}];
    total_ += nodes.size();
    queue.insert(queue.begin(), std::make_move_iterator(nodes.begin()), std::make_move_iterator(nodes.end()));
    while (queue.size() > kMaxPerDevice) {
        queue.pop_back();
        --total_;
    }
}

std::vector<wa::binary::Node> OfflineQueue::take(const std::string& phone, std::uint16_t device) {
    auto it = queues_.find({phone, device});
    if (it == queues_.end()) return {};
    std::vector<wa::binary::Node> nodes(std::make_move_iterator(it->second.begin()),
                                        std::make_move_iterator(it->second.end()));
    total_ -= nodes.size();
    queues_.erase(it);
    return nodes;
}

void OfflineQueue::drop(const std::string& phone, std::uint16_t device) { (void)take(phone, device); }

std::size_t OfflineQueue::size(const std::string& phone, std::uint16_t device) const {
    auto it = queues_.find({phone, device});
    return it == queues_.end() ? 0 : it->second.size();
}

}  // namespace wagw::wasim
