#include "backend/wa/transport/frame_codec.hpp"

#include <algorithm>
#include <string>

namespace wagw::wa::transport {
namespace {

void append_length(Bytes& out, std::size_t length) {
    out.push_back(static_cast<std::uint8_t>(length >> 16));
    out.push_back(static_cast<std::uint8_t>(length >> 8));
    out.push_back(static_cast<std::uint8_t>(length));
}

std::size_t read_length(const std::uint8_t* p) {
    return (std::size_t{p[0]} << 16) | (std::size_t{p[1]} << 8) | std::size_t{p[2]};
}

Error too_large(std::size_t size, std::size_t limit) {
    return Error{"frame_too_large", "WhatsApp frame of " + std::to_string(size) + " bytes exceeds the limit of " +
                                        std::to_string(limit) + " bytes"};
}

}  // namespace

Result<Bytes> make_connection_preamble(ByteView routing_info) {
    Bytes out;
    if (!routing_info.empty()) {
        if (routing_info.size() > kMaxFramePayload) return too_large(routing_info.size(), kMaxFramePayload);
        out.insert(out.end(), kEdgeRoutingMagic.begin(), kEdgeRoutingMagic.end());
        append_length(out, routing_info.size());
        out.insert(out.end(), routing_info.begin(), routing_info.end());
    }
    out.insert(out.end(), kConnectionHeader.begin(), kConnectionHeader.end());
    return out;
}

Result<Bytes> encode_frame(ByteView payload) {
    if (payload.size() > kMaxFramePayload) return too_large(payload.size(), kMaxFramePayload);
    Bytes out;
    out.reserve(kFrameLengthSize + payload.size());
    append_length(out, payload.size());
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

Result<Bytes> ClientFrameEncoder::encode(ByteView payload) {
    auto frame = encode_frame(payload);
    if (!frame || preamble_sent_) return frame;
    auto preamble = make_connection_preamble(routing_info_);
    if (!preamble) return preamble.error();
    preamble_sent_ = true;
    Bytes out = std::move(*preamble);
    out.insert(out.end(), frame->begin(), frame->end());
    return out;
}

Result<bool> FrameDecoder::take_preamble() {
    const std::uint8_t* p = buffer_.data() + consumed_;
    std::size_t available = buffer_.size() - consumed_;
    std::size_t offset = 0;
    // Validate byte by byte so that garbage is rejected as soon as it is seen, not after 4 bytes arrive.
    auto matches_prefix = [&](const std::array<std::uint8_t, 4>& magic, std::size_t at) {
        std::size_t n = std::min<std::size_t>(magic.size(), available - std::min(available, at));
        return std::equal(magic.begin(), magic.begin() + static_cast<std::ptrdiff_t>(n), p + at);
    };
    if (available == 0) return false;
    if (p[0] == 'E') {
        if (!matches_prefix(kEdgeRoutingMagic, 0))
            return Error{"bad_connection_header", "first client message starts with an unknown edge-routing prefix"};
        if (available < kEdgeRoutingMagic.size() + kFrameLengthSize) return false;
        std::size_t routing_length = read_length(p + kEdgeRoutingMagic.size());
        if (routing_length == 0 || routing_length > max_frame_payload_)
            return Error{"bad_connection_header", "edge-routing prefix announces " + std::to_string(routing_length) +
                                                      " bytes of routing info, which is not plausible"};
        offset = kEdgeRoutingMagic.size() + kFrameLengthSize + routing_length;
        if (available < offset) return false;
    }
    // "WA" says whether this is WhatsApp at all; then magic 6; then the token dictionary version. Checked byte by
    // byte like the ED prefix, so that garbage is refused as soon as it is seen.
    const std::uint8_t* header = p + offset;
    const std::size_t header_seen = available > offset ? available - offset : 0;
    if ((header_seen >= 1 && header[0] != 'W') || (header_seen >= 2 && header[1] != 'A'))
        return Error{"bad_connection_header",
                     "first client message does not start with the WhatsApp connection header (WA 6 3 or WA 6 2)"};
    if (header_seen >= 3 && header[2] != 6)
        return Error{"unsupported_connection_header",
                     "client connection header has magic " + std::to_string(header[2]) + " (expected 6)"};
    if (header_seen < kConnectionHeader.size()) return false;
    const std::uint8_t version = header[3];
    if (version < kOldestHeaderVersion || version > kNewestHeaderVersion)
        return Error{"unsupported_connection_header",
                     "client connection header names token dictionary version " + std::to_string(version) +
                         "; only versions 2 and 3 are known"};
    header_ = connection_header(version);
    if (offset > 0) {
        std::size_t routing_start = kEdgeRoutingMagic.size() + kFrameLengthSize;
        routing_info_.assign(p + routing_start, p + offset);
    }
    consumed_ += offset + kConnectionHeader.size();
    return true;
}

Status FrameDecoder::feed(ByteView bytes, std::vector<Bytes>& frames) {
    if (failed_) return Error{"frame_stream_failed", "the frame stream failed earlier and cannot be resumed"};
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    auto fail = [&](Error error) -> Status {
        failed_ = true;
        buffer_.clear();
        consumed_ = 0;
        return error;
    };
    if (!preamble_done_) {
        auto taken = take_preamble();
        if (!taken) return fail(taken.error());
        preamble_done_ = *taken;
    }
    if (preamble_done_) {
        while (buffer_.size() - consumed_ >= kFrameLengthSize) {
            std::size_t length = read_length(buffer_.data() + consumed_);
            if (length > max_frame_payload_) return fail(too_large(length, max_frame_payload_));
            if (buffer_.size() - consumed_ - kFrameLengthSize < length) break;
            auto begin = buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_ + kFrameLengthSize);
            frames.emplace_back(begin, begin + static_cast<std::ptrdiff_t>(length));
            consumed_ += kFrameLengthSize + length;
        }
    }
    // Drop consumed bytes once they dominate the buffer: amortised O(n) without copying on every frame.
    if (consumed_ == buffer_.size()) {
        buffer_.clear();
        consumed_ = 0;
    } else if (consumed_ > 4096 && consumed_ * 2 > buffer_.size()) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
        consumed_ = 0;
    }
    return ok_status();
}

}  // namespace wagw::wa::transport
