#pragma once
// RFC 6455 frame encoding and incremental decoding, plus message reassembly. Pure code: the connection feeds it
// whatever bytes the socket delivered and gets back whole messages and control frames.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backend/wa/transport/frame_codec.hpp"  // Bytes, ByteView
#include "common/util/result.hpp"

namespace wagw::wa::transport {

enum class Opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

// Close status codes we send or inspect (RFC 6455 section 7.4.1).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t unsupported_data = 1003;
inline constexpr std::uint16_t no_status = 1005;     // never sent: "the close frame had no code"
inline constexpr std::uint16_t abnormal = 1006;      // never sent: "no close frame at all"
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t message_too_big = 1009;
inline constexpr std::uint16_t internal_error = 1011;
}  // namespace close_code

// Which side of the connection we are: clients mask what they send, servers must not (and each side rejects
// frames masked the wrong way).
enum class Role { client, server };

// One complete frame, already unmasked. `payload` for control frames is at most 125 bytes.
struct WebSocketFrame {
    bool fin = true;
    Opcode opcode = Opcode::binary;
    Bytes payload;
};

// Encodes one frame. A client passes a 4-byte masking key (fresh random bytes per frame).
Bytes encode_websocket_frame(Opcode opcode, ByteView payload, bool fin, const std::uint8_t* masking_key);
// Close frame payload: 2-byte code + UTF-8 reason (truncated to fit the 125-byte control frame limit).
Bytes make_close_payload(std::uint16_t code, const std::string& reason);

// What the reader turned the incoming bytes into.
struct WebSocketEvent {
    enum class Kind { message, ping, pong, close } kind;
    Opcode message_opcode = Opcode::binary;  // text or binary, for messages
    Bytes payload;                           // message bytes, ping/pong data
    std::uint16_t close_code = close_code::no_status;
    std::string close_reason;
};

// Incremental decoder + reassembler. Fragmented messages are joined; control frames between fragments are
// reported in place. Errors carry the close code to send back.
class WebSocketReader {
public:
    WebSocketReader(Role local_role, std::size_t max_message_size)
        : local_role_(local_role), max_message_size_(max_message_size) {}

    struct Failure {
        std::uint16_t close_code;
        Error error;
    };

    // Consumes bytes; appends decoded events. Returns a failure when the peer broke the protocol.
    std::optional<Failure> feed(ByteView bytes, std::vector<WebSocketEvent>& events);

private:
    std::optional<Failure> handle_frame(bool fin, Opcode opcode, Bytes payload, std::vector<WebSocketEvent>& events);

    Role local_role_;
    std::size_t max_message_size_;
    Bytes buffer_;
    std::size_t consumed_ = 0;
    bool failed_ = false;
    // Reassembly of a fragmented data message.
    bool in_message_ = false;
    Opcode message_opcode_ = Opcode::binary;
    Bytes message_;
};

}  // namespace wagw::wa::transport
