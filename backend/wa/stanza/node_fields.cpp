#include "backend/wa/stanza/node_fields.hpp"

#include "backend/wa/stanza/message_id.hpp"

namespace wagw::wa::stanza {

Error malformed(const binary::Node& node, std::string_view what) {
    return {"malformed_stanza", "<" + node.tag + "> " + std::string(what)};
}

Result<std::string> required_text(const binary::Node& node, std::string_view key) {
    const std::string* value = node.attr_text(key);
    if (!value || value->empty()) return malformed(node, "has no " + std::string(key) + " attribute");
    return *value;
}

Result<std::string> required_message_id(const binary::Node& node, std::string_view key) {
    auto id = required_text(node, key);
    if (!id) return id.error();
    if (!is_valid_message_id(*id)) {
        return Error{"bad_message_id", "<" + node.tag + "> " + std::string(key) + " (" +
                                           std::to_string(id->size()) +
                                           " bytes) is not a message id: 1 to 128 of A-Z a-z 0-9 . _ -"};
    }
    return id;
}

Result<binary::Jid> required_jid(const binary::Node& node, std::string_view key) {
    if (const binary::Jid* jid = node.attr_jid(key)) return *jid;
    // Some peers write JIDs as plain strings; accept what parses.
    if (const std::string* text = node.attr_text(key)) {
        auto parsed = binary::parse_jid(*text);
        if (parsed) return *parsed;
    }
    return malformed(node, "has no valid " + std::string(key) + " JID");
}

std::string optional_text(const binary::Node& node, std::string_view key) {
    const std::string* value = node.attr_text(key);
    return value ? *value : std::string();
}

std::optional<binary::Jid> optional_jid(const binary::Node& node, std::string_view key) {
    if (!node.attr(key)) return std::nullopt;
    auto jid = required_jid(node, key);
    return jid ? std::optional<binary::Jid>(*jid) : std::nullopt;
}

}  // namespace wagw::wa::stanza
