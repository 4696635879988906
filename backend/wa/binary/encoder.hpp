#pragma once
// Node -> WABinary bytes (without the frame payload's flag byte; see frame_payload.hpp).
//
// Strings follow notes 4.4 exactly as Baileys writes them, so the output is byte-identical to Baileys'
// encoder:
// "" -> BINARY_8 0; single-byte token; dictionary token; NIBBLE_8; HEX_8 (uppercase only); raw
// BINARY_8/20/32. Unlike Baileys, a string is never turned into a JID because it contains '@': JIDs are Jid
// values. Attributes are written in order, all of them (an empty value goes out as an empty string).
#include "backend/wa/binary/limits.hpp"
#include "backend/wa/binary/node.hpp"
#include "backend/wa/binary/token_table.hpp"

namespace wagw::wa::binary {

// Fails (code "binary_unencodable") for an empty tag or attribute key, an empty JID, an AD_JID device above
// 255, more than 65535 children or attributes, a byte string of 4 GiB or more, or nesting deeper than the
// limit.
// Tokens come from `dictionary` (the connection's version); without one, version 3.
Result<Bytes> encode_node(const Node& node, const CodecLimits& limits = {});
Result<Bytes> encode_node(const Node& node, const TokenDictionary& dictionary, const CodecLimits& limits = {});

}  // namespace wagw::wa::binary
