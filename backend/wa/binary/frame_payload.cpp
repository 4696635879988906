#include "backend/wa/binary/frame_payload.hpp"

#include "backend/wa/binary/decoder.hpp"
#include "backend/wa/binary/encoder.hpp"
#include "backend/wa/binary/wire_tags.hpp"
#include "backend/wa/binary/zlib_codec.hpp"

namespace wagw::wa::binary {

Result<Bytes> encode_frame_payload(const Node& node, Compression compression, const CodecLimits& limits) {
    return encode_frame_payload(node, token_dictionary_v3(), compression, limits);
}

Result<Bytes> encode_frame_payload(const Node& node, const TokenDictionary& dictionary, Compression compression,
                                   const CodecLimits& limits) {
    auto body = encode_node(node, dictionary, limits);
    if (!body) return body.error();
    if (compression == Compression::none) {
        body->insert(body->begin(), std::uint8_t{0});
        return std::move(*body);
    }
    auto packed = zlib_compress(*body);
    if (!packed) return packed.error();
    packed->insert(packed->begin(), wire::kFlagCompressed);
    return std::move(*packed);
}

Result<Bytes> unwrap_frame_payload(ByteView payload, const CodecLimits& limits) {
    if (payload.empty()) return Error{"binary_truncated", "frame payload is empty: no flag byte"};
    const ByteView body = payload.subspan(1);
    // Other flag bits have no known meaning; whatsmeow and Baileys ignore them too.
    if ((payload[0] & wire::kFlagCompressed) != 0) return zlib_inflate(body, limits.max_payload_bytes);
    return Bytes(body.begin(), body.end());
}

Result<Node> decode_frame_payload(ByteView payload, const CodecLimits& limits) {
    return decode_frame_payload(payload, token_dictionary_v3(), limits);
}

Result<Node> decode_frame_payload(ByteView payload, const TokenDictionary& dictionary, const CodecLimits& limits) {
    if (payload.empty()) return Error{"binary_truncated", "frame payload is empty: no flag byte"};
    if ((payload[0] & wire::kFlagCompressed) == 0) return decode_node(payload.subspan(1), dictionary, limits);
    auto body = unwrap_frame_payload(payload, limits);
    if (!body) return body.error();
    return decode_node(*body, dictionary, limits);
}

}  // namespace wagw::wa::binary
