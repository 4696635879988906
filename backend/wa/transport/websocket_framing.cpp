#include "backend/wa/transport/websocket_framing.hpp"

#include <algorithm>

namespace wagw::wa::transport {
namespace {

constexpr std::size_t kMaxControlPayload = 125;

bool is_control(Opcode opcode) { return (static_cast<std::uint8_t>(opcode) & 0x8) != 0; }

bool is_known(std::uint8_t opcode) {
    return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

// Close codes a peer may legitimately put on the wire (RFC 6455 7.4.1/7.4.2).
bool is_valid_close_code(std::uint16_t code) {
    if (code >= 3000 && code <= 4999) return true;
    return code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006;
}

}  // namespace

Bytes encode_websocket_frame(Opcode opcode, ByteView payload, bool fin, const std::uint8_t* masking_key) {
    Bytes out;
    out.reserve(payload.size() + 14);
    out.push_back(static_cast<std::uint8_t>((fin ? 0x80 : 0x00) | static_cast<std::uint8_t>(opcode)));
    const std::uint8_t mask_bit = masking_key ? 0x80 : 0x00;
    const std::size_t n = payload.size();
    if (n < 126) {
        out.push_back(static_cast<std::uint8_t>(mask_bit | n));
    } else if (n <= 0xFFFF) {
        out.push_back(mask_bit | 126);
        out.push_back(static_cast<std::uint8_t>(n >> 8));
        out.push_back(static_cast<std::uint8_t>(n));
    } else {
        out.push_back(mask_bit | 127);
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(std::uint64_t{n} >> shift));
    }
    if (!masking_key) {
        out.insert(out.end(), payload.begin(), payload.end());
        return out;
    }
    out.insert(out.end(), masking_key, masking_key + 4);
    const std::size_t start = out.size();
    out.resize(start + n);
    for (std::size_t i = 0; i < n; ++i) out[start + i] = payload[i] ^ masking_key[i & 3];
    return out;
}

Bytes make_close_payload(std::uint16_t code, const std::string& reason) {
    std::size_t take = std::min(kMaxControlPayload - 2, reason.size());
    // Never cut a UTF-8 sequence in half: back off over continuation bytes.
    while (take > 0 && take < reason.size() && (static_cast<unsigned char>(reason[take]) & 0xC0) == 0x80) --take;
    Bytes out(2 + take);
    out[0] = static_cast<std::uint8_t>(code >> 8);
    out[1] = static_cast<std::uint8_t>(code);
    std::copy_n(reason.begin(), take, out.begin() + 2);
    return out;
}

std::optional<WebSocketReader::Failure> WebSocketReader::feed(ByteView bytes, std::vector<WebSocketEvent>& events) {
    if (failed_) return Failure{close_code::protocol_error, {"websocket_protocol_error", "stream already failed"}};
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    auto fail = [&](std::uint16_t code, std::string error_code, std::string message) {
        failed_ = true;
        buffer_.clear();
        consumed_ = 0;
        return std::optional<Failure>(Failure{code, Error{std::move(error_code), std::move(message)}});
    };
    for (;;) {
        const std::uint8_t* p = buffer_.data() + consumed_;
        const std::size_t available = buffer_.size() - consumed_;
        if (available < 2) break;
        const bool fin = (p[0] & 0x80) != 0;
        if ((p[0] & 0x70) != 0)
            return fail(close_code::protocol_error, "websocket_protocol_error",
                        "peer set reserved bits (an extension we did not negotiate)");
        const std::uint8_t raw_opcode = p[0] & 0x0F;
        if (!is_known(raw_opcode))
            return fail(close_code::protocol_error, "websocket_protocol_error",
                        "peer sent unknown opcode " + std::to_string(raw_opcode));
        const Opcode opcode = static_cast<Opcode>(raw_opcode);
        const bool masked = (p[1] & 0x80) != 0;
        if (masked != (local_role_ == Role::server))
            return fail(close_code::protocol_error, "websocket_protocol_error",
                        local_role_ == Role::server ? "client sent an unmasked frame" : "server sent a masked frame");
        std::uint64_t length = p[1] & 0x7F;
        std::size_t header = 2;
        if (length == 126) {
            if (available < 4) break;
            length = (std::uint64_t{p[2]} << 8) | p[3];
            header = 4;
        } else if (length == 127) {
            if (available < 10) break;
            length = 0;
            for (int i = 0; i < 8; ++i) length = (length << 8) | p[2 + i];
            header = 10;
            if (length >> 63)
                return fail(close_code::protocol_error, "websocket_protocol_error", "frame length has the top bit set");
        }
        if (is_control(opcode) && (length > kMaxControlPayload || !fin))
            return fail(close_code::protocol_error, "websocket_protocol_error",
                        "control frame is fragmented or longer than 125 bytes");
        const std::uint64_t so_far = in_message_ && !is_control(opcode) ? message_.size() : 0;
        if (length + so_far > max_message_size_)
            return fail(close_code::message_too_big, "message_too_large",
                        "incoming WebSocket message exceeds the limit of " + std::to_string(max_message_size_) +
                            " bytes");
        const std::size_t mask_size = masked ? 4 : 0;
        if (available < header + mask_size + length) break;
        const std::uint8_t* mask = p + header;
        const std::uint8_t* data = p + header + mask_size;
        Bytes payload(data, data + length);
        if (masked)
            for (std::size_t i = 0; i < payload.size(); ++i) payload[i] ^= mask[i & 3];
        consumed_ += header + mask_size + static_cast<std::size_t>(length);
        if (auto failure = handle_frame(fin, opcode, std::move(payload), events)) {
            failed_ = true;
            return failure;
        }
    }
    if (consumed_ == buffer_.size()) {
        buffer_.clear();
        consumed_ = 0;
    } else if (consumed_ > 4096 && consumed_ * 2 > buffer_.size()) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
        consumed_ = 0;
    }
    return std::nullopt;
}

std::optional<WebSocketReader::Failure> WebSocketReader::handle_frame(bool fin, Opcode opcode, Bytes payload,
                                                                        std::vector<WebSocketEvent>& events) {
    auto protocol_error = [](std::string message) {
        return std::optional<Failure>(
            Failure{close_code::protocol_error, Error{"websocket_protocol_error", std::move(message)}});
    };
    switch (opcode) {
        case Opcode::ping:
            events.push_back({WebSocketEvent::Kind::ping, Opcode::binary, std::move(payload)});
            return std::nullopt;
        case Opcode::pong:
            events.push_back({WebSocketEvent::Kind::pong, Opcode::binary, std::move(payload)});
            return std::nullopt;
        case Opcode::close: {
            WebSocketEvent event{WebSocketEvent::Kind::close};
            if (payload.size() == 1) return protocol_error("close frame with a 1-byte payload");
            if (payload.size() >= 2) {
                event.close_code = static_cast<std::uint16_t>((payload[0] << 8) | payload[1]);
                if (!is_valid_close_code(event.close_code))
                    return protocol_error("close frame with invalid code " + std::to_string(event.close_code));
                event.close_reason.assign(payload.begin() + 2, payload.end());
            }
            events.push_back(std::move(event));
            return std::nullopt;
        }
        case Opcode::text:
        case Opcode::binary:
            if (in_message_) return protocol_error("new data frame while a fragmented message is still open");
            if (fin) {
                events.push_back({WebSocketEvent::Kind::message, opcode, std::move(payload)});
                return std::nullopt;
            }
            in_message_ = true;
            message_opcode_ = opcode;
            message_ = std::move(payload);
            return std::nullopt;
        case Opcode::continuation:
            if (!in_message_) return protocol_error("continuation frame without a message to continue");
            message_.insert(message_.end(), payload.begin(), payload.end());
            if (fin) {
                in_message_ = false;
                events.push_back({WebSocketEvent::Kind::message, message_opcode_, std::move(message_)});
                message_.clear();
            }
            return std::nullopt;
    }
    return protocol_error("unreachable opcode");
}

}  // namespace wagw::wa::transport
