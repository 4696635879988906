#pragma once
// <receipt>: delivery, read, played and retry receipts, in both directions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/wa/binary/node.hpp"
#include "backend/wa/stanza/direction.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::stanza {

enum class ReceiptType {
    Delivered,  // no type attribute
    Inactive,   // delivered to a client that is not marked online
    Read,
    ReadSelf,   // read, with read receipts turned off
    Played,     // a voice note was played
    Sender,     // our own message arrived at another of our devices
    PeerMsg,
    Retry,      // "could not decrypt, send again"
    Other,
};

std::string_view receipt_type_name(ReceiptType type);  // "" for Delivered
ReceiptType receipt_type_from_name(std::string_view name);

struct Receipt {
    std::vector<std::string> ids;  // at least one; more travel in <list><item id/></list>
    binary::Jid peer;              // "to" (client -> server) or "from" (server -> client)
    std::optional<binary::Jid> participant, recipient;
    ReceiptType type = ReceiptType::Delivered;
    std::int64_t timestamp = 0;    // 0: not sent
    std::string raw_type;          // the type text when it is Other
};

binary::Node build_receipt(const Receipt& receipt, Direction direction);
Result<Receipt> parse_receipt(const binary::Node& node, Direction direction);

}  // namespace wagw::wa::stanza
