#pragma once
// WABinary bytes -> Node (without the frame payload's flag byte; see frame_payload.hpp).
//
// Built for hostile input: every length is checked against the bytes left before anything is read or
// allocated, nesting and sizes are bounded (limits.hpp), and the whole input must be one node with nothing
// after it. Malformed input gives an Error whose message says what was wrong and at which byte offset. Error
// codes: binary_truncated, binary_malformed, binary_too_deep, binary_too_large, binary_too_many_nodes,
// binary_too_many_attributes, binary_trailing_bytes.
#include "backend/wa/binary/limits.hpp"
#include "backend/wa/binary/node.hpp"
#include "backend/wa/binary/token_table.hpp"

namespace wagw::wa::binary {

// Tokens are read with `dictionary` (the connection's version); without one, version 3.
Result<Node> decode_node(ByteView body, const CodecLimits& limits = {});
Result<Node> decode_node(ByteView body, const TokenDictionary& dictionary, const CodecLimits& limits = {});

}  // namespace wagw::wa::binary
