#include "backend/wa/stanza/node_fields.hpp"

namespace wagw::wa::stanza {

Error malformed(const binary::Node& node, std::string_view what) {
    return {"malformed_stanza", "<" + node.tag + "> " + std::string(what)};
}

Result<std::string> required_text(const binary::Node& node, std::string_view key) {
    const std::string* value = node.attr_text(key);
    if (!value || value->empty()) return malformed(node, "has no " + std::string(key) + " attribute");
    return *value;
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
