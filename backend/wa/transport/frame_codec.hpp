#pragma once
// WhatsApp's framing inside the WebSocket stream: every frame is a 3-byte big-endian length followed by that many
// bytes. The client sends a one-time connection header before its first frame ("WA" 6 3, optionally preceded by the
// "ED" 0 1 edge-routing prefix; the last header byte is the token dictionary version, and Baileys 6 still sends
// "WA" 6 2). A WebSocket message may carry several frames or only part of one, so decoding buffers
// and emits whole frames only. Pure code: no sockets, testable byte by byte.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::wa::transport {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline constexpr std::size_t kFrameLengthSize = 3;
// whatsmeow's FrameMaxSize: a payload must be strictly smaller than 1<<24 (which a 3-byte length enforces anyway).
inline constexpr std::size_t kMaxFramePayload = (std::size_t{1} << 24) - 1;
// "WA", magic 6, dictionary version 3: what our client sends. Also the Noise prologue (never including the ED
// prefix).
inline constexpr std::array<std::uint8_t, 4> kConnectionHeader{'W', 'A', 6, 3};
using ConnectionHeader = std::array<std::uint8_t, 4>;
// The dictionary versions a server accepts: 3 (Baileys 7, whatsmeow, our client) and 2 (Baileys 6).
inline constexpr std::uint8_t kOldestHeaderVersion = 2;
inline constexpr std::uint8_t kNewestHeaderVersion = 3;
inline constexpr ConnectionHeader connection_header(std::uint8_t dictionary_version) {
    return {'W', 'A', 6, dictionary_version};
}
inline constexpr std::array<std::uint8_t, 4> kEdgeRoutingMagic{'E', 'D', 0, 1};

// The bytes a client sends once, before its first frame: [ED 0 1 len[3] routing] WA 6 3.
Result<Bytes> make_connection_preamble(ByteView routing_info = {});

// One frame: length prefix + payload. Fails when the payload does not fit in 3 bytes.
Result<Bytes> encode_frame(ByteView payload);

// Client side: prefixes the connection preamble to the first frame only.
class ClientFrameEncoder {
public:
    explicit ClientFrameEncoder(Bytes routing_info = {}) : routing_info_(std::move(routing_info)) {}
    Result<Bytes> encode(ByteView payload);

private:
    Bytes routing_info_;
    bool preamble_sent_ = false;
};

// Re-splits a byte stream into frames. In the server role the stream must start with the connection preamble,
// which is validated and stripped (its routing bytes and header version are kept for whoever wants them).
class FrameDecoder {
public:
    enum class Role { client, server };

    explicit FrameDecoder(Role role, std::size_t max_frame_payload = kMaxFramePayload)
        : role_(role), max_frame_payload_(max_frame_payload), preamble_done_(role == Role::client) {}

    // Appends bytes and moves every complete frame into `frames`. After an error the decoder stays failed:
    // the stream can no longer be trusted to be in sync.
    Status feed(ByteView bytes, std::vector<Bytes>& frames);

    bool preamble_received() const { return preamble_done_; }
    const Bytes& routing_info() const { return routing_info_; }
    // Server role, once the preamble is in: the dictionary version the client's header named (2 or 3), which
    // selects the token dictionary, and the header itself, which is the Noise prologue. Before that (and in
    // the client role): 0 and an all-zero header.
    std::uint8_t header_version() const { return header_[3]; }
    const ConnectionHeader& received_header() const { return header_; }
    // Bytes held back waiting for the rest of a frame (or of the preamble).
    std::size_t buffered() const { return buffer_.size() - consumed_; }

private:
    // Returns false when more bytes are needed.
    Result<bool> take_preamble();

    Role role_;
    std::size_t max_frame_payload_;
    bool preamble_done_;
    bool failed_ = false;
    Bytes buffer_;
    std::size_t consumed_ = 0;
    Bytes routing_info_;
    ConnectionHeader header_{};
};

}  // namespace wagw::wa::transport
