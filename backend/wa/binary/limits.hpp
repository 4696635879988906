#pragma once
// Bounds that keep a hostile peer from exhausting stack or memory. Real stanzas nest a handful of levels and
// a transport frame is below 16 MiB. Bytes alone are not the whole story: a decoded node costs far more
// memory than the two or three bytes it takes on the wire, so 33 KB of zlib that inflates to 16 MiB of tiny
// nodes would still become millions of Nodes (gigabytes). Node and attribute counts are therefore capped as
// well.
#include <cstddef>

namespace wagw::wa::binary {

struct CodecLimits {
    std::size_t max_depth = 64;  // nested nodes (the encoder checks it too: no stack overflow)
    // A node body, also after zlib inflation: no more than one transport frame could carry uncompressed.
    std::size_t max_payload_bytes = std::size_t{16} << 20;
    // Nodes in one stanza. The largest inline answers are group lists (participating groups with their
    // members: 200 full 1024-member groups fit); history sync comes as media, not as nodes.
    std::size_t max_nodes = 200'000;
    // Attributes in one stanza, all nodes together: a handful per node on average.
    std::size_t max_attributes = 800'000;
};

}  // namespace wagw::wa::binary
