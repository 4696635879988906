#include "tools/wasim/state/unacked_stanzas.hpp"

namespace wagw::wasim {

void UnackedStanzas::sent(const wa::binary::Node& node) {
    if (node.tag != "message" && node.tag != "receipt" && node.tag != "notification") return;
    const std::string* id = node.attr_text("id");
    if (!id || id->empty()) return;
    Key key{node.tag, *id};
    // The same id again (a re-delivery) replaces the earlier copy: one acknowledgement settles both.
    if (auto it = by_key_.find(key); it != by_key_.end()) {
        order_.erase(it->second);
        by_key_.erase(it);
    }
    if (order_.size() >= kMaxPerConnection) {
        by_key_.erase(order_.front().first);
        order_.pop_front();
    }
    order_.emplace_back(key, node);
    by_key_[key] = std::prev(order_.end());
}

void UnackedStanzas::acknowledged(const std::string& kind, const std::string& id) {
    auto it = by_key_.find({kind, id});
    if (it == by_key_.end()) return;
    order_.erase(it->second);
    by_key_.erase(it);
}

std::vector<wa::binary::Node> UnackedStanzas::take() {
    std::vector<wa::binary::Node> nodes;
    nodes.reserve(order_.size());
    for (auto& [key, node] : order_) nodes.push_back(std::move(node));
    order_.clear();
    by_key_.clear();
    return nodes;
}

}  // namespace wagw::wasim
