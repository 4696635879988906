#include "backend/wa/stanza/receipt_stanza.hpp"

#include <array>
#include <charconv>
#include <utility>

#include "backend/wa/stanza/node_fields.hpp"

namespace wagw::wa::stanza {
namespace {

constexpr std::array<std::pair<ReceiptType, std::string_view>, 8> kNames{{
    {ReceiptType::Delivered, ""},
    {ReceiptType::Inactive, "inactive"},
    {ReceiptType::Read, "read"},
    {ReceiptType::ReadSelf, "read-self"},
    {ReceiptType::Played, "played"},
    {ReceiptType::Sender, "sender"},
    {ReceiptType::PeerMsg, "peer_msg"},
    {ReceiptType::Retry, "retry"},
}};

}  // namespace

std::string_view receipt_type_name(ReceiptType type) {
    for (const auto& [t, name] : kNames) {
        if (t == type) return name;
    }
    return "";
}

ReceiptType receipt_type_from_name(std::string_view name) {
    for (const auto& [t, n] : kNames) {
        if (n == name) return t;
    }
    return ReceiptType::Other;
}

binary::Node build_receipt(const Receipt& receipt, Direction direction) {
    std::vector<binary::Attribute> attrs{{"id", receipt.ids.empty() ? std::string() : receipt.ids.front()},
                                         {peer_attribute(direction), receipt.peer}};
    const std::string type(receipt.type == ReceiptType::Other ? receipt.raw_type : receipt_type_name(receipt.type));
    if (!type.empty()) attrs.push_back({"type", type});
    if (receipt.timestamp) attrs.push_back({"t", std::to_string(receipt.timestamp)});
    if (receipt.participant) attrs.push_back({"participant", *receipt.participant});
    if (receipt.recipient) attrs.push_back({"recipient", *receipt.recipient});
    binary::Content content;
    if (receipt.ids.size() > 1) {
        binary::Children items;
        for (std::size_t i = 1; i < receipt.ids.size(); ++i) items.push_back({"item", {{"id", receipt.ids[i]}}, {}});
        content = binary::Children{binary::Node{"list", {}, std::move(items)}};
    }
    return {"receipt", std::move(attrs), std::move(content)};
}

Result<Receipt> parse_receipt(const binary::Node& node, Direction direction) {
    if (node.tag != "receipt") return malformed(node, "is not a receipt");
    Receipt receipt;
    auto id = required_message_id(node);
    if (!id) return id.error();
    auto peer = required_jid(node, peer_attribute(direction));
    if (!peer) return peer.error();
    receipt.ids.push_back(*id);
    receipt.peer = *peer;
    receipt.participant = optional_jid(node, "participant");
    receipt.recipient = optional_jid(node, "recipient");
    receipt.raw_type = optional_text(node, "type");
    receipt.type = receipt_type_from_name(receipt.raw_type);
    const std::string t = optional_text(node, "t");
    std::from_chars(t.data(), t.data() + t.size(), receipt.timestamp);
    if (const binary::Node* list = node.child("list"); list && list->children()) {
        for (const binary::Node& item : *list->children()) {
            if (item.tag != "item" || !item.attr_text("id")) continue;
            // One bad id refuses the whole receipt: the owner keys message states by these ids.
            auto item_id = required_message_id(item);
            if (!item_id) return item_id.error();
            receipt.ids.push_back(std::move(*item_id));
        }
    }
    return receipt;
}

}  // namespace wagw::wa::stanza
