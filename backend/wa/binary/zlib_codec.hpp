#pragma once
// zlib (RFC 1950) for frame payloads, with a hard cap on the inflated size: a few kilobytes of hostile input
// can otherwise claim gigabytes.
#include <cstddef>

#include "backend/wa/binary/node.hpp"

namespace wagw::wa::binary {

Result<Bytes> zlib_compress(ByteView data);
// Errors: binary_bad_zlib, binary_too_large.
Result<Bytes> zlib_inflate(ByteView data, std::size_t max_output);

}  // namespace wagw::wa::binary
