#pragma once
// What a connected device was handed and has not acknowledged yet. WhatsApp keeps a message until the device
// confirms it (a receipt for a message, <ack class=...> for receipts and notifications); when the connection
// drops first, the device gets it again at its next login, and the client drops what it had already seen.
#include <cstddef>
#include <list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "backend/wa/binary/node.hpp"

namespace wagw::wasim {

class UnackedStanzas {
public:
    // A device that never acknowledges must not grow the simulator without limit: past this, the oldest go.
    static constexpr std::size_t kMaxPerConnection = 10000;

    // Records messages, receipts and notifications that carry an id; anything else needs no acknowledgement.
    void sent(const wa::binary::Node& node);
    // `kind` is the stanza's tag ("message", "receipt", "notification"), as an <ack>'s class names it.
    void acknowledged(const std::string& kind, const std::string& id);
    // Everything still unacknowledged, oldest first; the list is empty afterwards.
    std::vector<wa::binary::Node> take();
    std::size_t size() const { return order_.size(); }

private:
    using Key = std::pair<std::string, std::string>;  // (tag, id)
    std::list<std::pair<Key, wa::binary::Node>> order_;
    std::map<Key, decltype(order_)::iterator> by_key_;
};

}  // namespace wagw::wasim
