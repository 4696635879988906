#pragma once
// Small readers for required and optional stanza fields, each failing with a message that names the stanza
// and the field, so a malformed stanza from a peer is reported rather than half-read.
#include <optional>
#include <string>
#include <string_view>

#include "backend/wa/binary/node.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::stanza {

Result<std::string> required_text(const binary::Node& node, std::string_view key);
// The id attribute (or an <item>'s) as a message id: required, and refused with code bad_message_id unless
// is_valid_message_id (message_id.hpp) holds. The message names the stanza, not the id, which may be hostile.
Result<std::string> required_message_id(const binary::Node& node, std::string_view key = "id");
Result<binary::Jid> required_jid(const binary::Node& node, std::string_view key);
std::string optional_text(const binary::Node& node, std::string_view key);
std::optional<binary::Jid> optional_jid(const binary::Node& node, std::string_view key);
Error malformed(const binary::Node& node, std::string_view what);

}  // namespace wagw::wa::stanza
