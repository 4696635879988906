#pragma once
// <ack>: the server's acknowledgement of a sent message (with the server timestamp, or an error code), and
// the client's acknowledgement of every receipt and notification it gets.
#include <cstdint>
#include <optional>
#include <string>

#include "backend/wa/binary/node.hpp"
#include "backend/wa/stanza/direction.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::stanza {

struct Ack {
    std::string id;
    std::string ack_class;  // "message", "receipt", "notification", ...
    binary::Jid peer;
    std::string type;
    std::optional<binary::Jid> participant, recipient;
    std::int64_t timestamp = 0;
    std::string error;  // non-empty: the server refused (e.g. "479", "500")
    std::string phash;

    bool ok() const { return error.empty(); }
};

binary::Node build_ack(const Ack& ack, Direction direction);
Result<Ack> parse_ack(const binary::Node& node, Direction direction);

}  // namespace wagw::wa::stanza
