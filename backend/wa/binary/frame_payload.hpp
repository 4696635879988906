#pragma once
// The decrypted transport payload around a node (notes 4.1): one flag byte, then the node, zlib-compressed
// (RFC 1950, with header) when the flag has bit value 2. Clients always send flag 0; a server may compress.
//
// Each function has a form that takes the connection's token dictionary (chosen once from the connection
// header's version, see token_table.hpp); the forms without one use version 3.
#include "backend/wa/binary/limits.hpp"
#include "backend/wa/binary/node.hpp"
#include "backend/wa/binary/token_table.hpp"

namespace wagw::wa::binary {

enum class Compression { none, zlib };

Result<Bytes> encode_frame_payload(const Node& node, Compression compression = Compression::none,
                                   const CodecLimits& limits = {});
Result<Bytes> encode_frame_payload(const Node& node, const TokenDictionary& dictionary,
                                   Compression compression = Compression::none, const CodecLimits& limits = {});

// Flag byte + (inflated) node. Errors: binary_truncated (empty payload), binary_bad_zlib (corrupt, truncated
// or followed by garbage), binary_too_large (inflates beyond limits.max_payload_bytes), and the decoder's
// errors.
Result<Node> decode_frame_payload(ByteView payload, const CodecLimits& limits = {});
Result<Node> decode_frame_payload(ByteView payload, const TokenDictionary& dictionary,
                                  const CodecLimits& limits = {});

// The node bytes inside a payload, inflated if needed (exposed for tools and tests).
Result<Bytes> unwrap_frame_payload(ByteView payload, const CodecLimits& limits = {});

}  // namespace wagw::wa::binary
