#pragma once
// Bounds that keep a hostile peer from exhausting stack or memory. Real stanzas nest a handful of levels and
// a transport frame is below 16 MiB; the defaults leave generous room above that.
#include <cstddef>

namespace wagw::wa::binary {

struct CodecLimits {
    std::size_t max_depth = 64;  // nested nodes (the encoder checks it too: no stack overflow)
    std::size_t max_payload_bytes = std::size_t{32} << 20;  // a node body, also after zlib inflation
};

}  // namespace wagw::wa::binary
