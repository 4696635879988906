#pragma once
// The C++ half of the JSON form shared with the Baileys cross-check; the form itself is specified once, in
// node_json.mjs (its header comment). In short: {"tag", "attrs": [[key, value]...], "content": null |
// {"bytes": hex} | {"text": string} | [nodes]}, with JIDs written as Baileys' decoder writes them.
#include <string>

#include "backend/wa/binary/node.hpp"
#include "common/util/json_fields.hpp"

namespace wagw::wa::binary::testing {

// How Baileys' decoder spells a JID it read off the wire (its wire form decides, see node_json.mjs).
std::string baileys_text(const Jid& jid);

json_fields::Json node_to_json(const Node& node);

// The reverse, as Baileys' encoder reads a node: a value containing '@' is a JID (parsed with our own rules;
// text we cannot parse stays text).
Result<Node> node_from_json(const json_fields::Json& json, int depth = 0);

}  // namespace wagw::wa::binary::testing
