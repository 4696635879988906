// libFuzzer target for the decoder (not part of the normal build; see CMakeLists.txt, WAGW_FUZZ=ON with
// clang). Properties: decoding never crashes; whatever decodes re-encodes, and re-encoding is stable after
// one pass; JID text that parses formats to text that parses to the same JID.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "backend/wa/binary/debug_print.hpp"
#include "backend/wa/binary/decoder.hpp"
#include "backend/wa/binary/encoder.hpp"
#include "backend/wa/binary/frame_payload.hpp"

using namespace wagw::wa::binary;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const CodecLimits limits{.max_depth = 64, .max_payload_bytes = 4u << 20};
    auto node = decode_frame_payload(ByteView(data, size), limits);
    if (node.ok()) {
        (void)to_debug_string(*node);
        auto again = encode_node(*node, limits);
        if (!again.ok()) std::abort();
        // Non-canonical input (say, an empty NIBBLE_8 string as content) may come back in canonical form, but
        // after one encoding the bytes are stable.
        auto back = decode_node(*again, limits);
        if (!back.ok()) std::abort();
        auto third = encode_node(*back, limits);
        if (!third.ok() || *third != *again) std::abort();
    }
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto jid = parse_jid(text); jid.ok()) {
        auto reparsed = parse_jid(jid->to_string());
        if (!reparsed.ok() || !(*reparsed == *jid)) std::abort();
    }
    return 0;
}
