#pragma once
// Stanzas waiting for a device that is not connected (messages, receipts, notifications), delivered at its next
// login before <ib><offline count=N/>. In memory only, bounded per device: a device that never comes back must
// not grow the simulator without limit.
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "backend/wa/binary/node.hpp"

namespace wagw::wasim {

class OfflineQueue {
public:
    static constexpr std::size_t kMaxPerDevice = 10000;

    // False when the device's queue is full (the stanza is dropped).
    bool push(const std::string& phone, std::uint16_t device, wa::binary::Node node);
    // Ahead of everything queued: stanzas a dropped connection had been given but never acknowledged.
    void push_front(const std::string& phone, std::uint16_t device, std::vector<wa::binary::Node> nodes);
    std::vector<wa::binary::Node> take(const std::string& phone, std::uint16_t device);
    void drop(const std::string& phone, std::uint16_t device);
    std::size_t size(const std::string& phone, std::uint16_t device) const;
    std::size_t total() const { return total_; }

private:
    std::map<std::pair<std::string, std::uint16_t>, std::deque<wa::binary::Node>> queues_;
    std::size_t total_ = 0;
};

}  // namespace wagw::wasim
