#include "backend/wa/transport/http_body.hpp"

#include <algorithm>
#include <charconv>

namespace wagw::wa::transport {

Result<BodyFraming> body_framing(const HttpHead& request, std::size_t max_body) {
    BodyFraming framing;
    if (auto coding = request.header("Transfer-Encoding")) {
        if (!request.header_has_token("Transfer-Encoding", "chunked") || coding->find(',') != std::string_view::npos)
            return Error{"unsupported_transfer_encoding", "only 'Transfer-Encoding: chunked' is supported"};
        framing.chunked = true;
        return framing;
    }
    if (auto length = request.header("Content-Length")) {
        auto [ptr, ec] = std::from_chars(length->data(), length->data() + length->size(), framing.content_length);
        if (ec != std::errc{} || ptr != length->data() + length->size())
            return Error{"bad_http", "malformed Content-Length"};
        if (framing.content_length > max_body)
            return Error{"body_too_large", "request body of " + std::to_string(framing.content_length) +
                                               " bytes exceeds the limit of " + std::to_string(max_body)};
    }
    return framing;
}

Result<std::optional<std::string_view>> ChunkedBodyDecoder::next_line(std::string_view buffer,
                                                                      std::size_t limit, const char* what) {
    const std::size_t from = std::max(pos_, scanned_);
    const std::size_t eol = buffer.find("\r\n", from);
    if (eol == std::string_view::npos) {
        if (buffer.size() - pos_ > limit) return Error{"bad_http", std::string(what) + " is too long"};
        // A final '\r' may be half of the CRLF: look at it again next time.
        scanned_ = std::max(pos_, buffer.size() > 0 ? buffer.size() - 1 : 0);
        return std::optional<std::string_view>{};
    }
    if (eol - pos_ > limit) return Error{"bad_http", std::string(what) + " is too long"};
    const std::string_view line = buffer.substr(pos_, eol - pos_);
    pos_ = eol + 2;
    scanned_ = pos_;
    return std::optional<std::string_view>{line};
}

Result<std::optional<std::size_t>> ChunkedBodyDecoder::feed(std::string_view buffer) {
    const Result<std::optional<std::size_t>> more = std::optional<std::size_t>{};
    for (;;) {
        switch (stage_) {
            case Stage::size_line: {
                auto line = next_line(buffer, kMaxChunkSizeLine, "chunk size line");
                if (!line) return line.error();
                if (!*line) return more;
                framing_bytes_ += (*line)->size() + 2;
                const std::string_view digits = (*line)->substr(0, (*line)->find(';'));  // extensions ignored
                std::size_t size = 0;
                auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
                if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size())
                    return Error{"bad_http", "malformed chunk size"};
                if (size > max_body_ || body_.size() + size > max_body_)
                    return Error{"body_too_large",
                                 "chunked request body exceeds the limit of " + std::to_string(max_body_)};
                if (framing_bytes_ > kMaxChunkedFramingSlack + max_body_)
                    return Error{"body_too_large", "chunked request body is split into too many chunks"};
                chunk_size_ = size;
                stage_ = size == 0 ? Stage::trailers : Stage::data;
                break;
            }
            case Stage::data: {
                if (buffer.size() - pos_ < chunk_size_ + 2) return more;
                if (buffer.substr(pos_ + chunk_size_, 2) != "\r\n")
                    return Error{"bad_http", "chunk is not followed by CRLF"};
                body_.append(buffer.substr(pos_, chunk_size_));
                pos_ += chunk_size_ + 2;
                scanned_ = pos_;
                framing_bytes_ += 2;
                stage_ = Stage::size_line;
                break;
            }
            case Stage::trailers: {
                // Trailers are ignored; they end with an empty line.
                auto line =
                    next_line(buffer, kMaxChunkedTrailers - trailer_bytes_, "the chunked body's trailer");
                if (!line) return line.error();
                if (!*line) return more;
                trailer_bytes_ += (*line)->size() + 2;
                if (trailer_bytes_ > kMaxChunkedTrailers)
                    return Error{"bad_http", "the chunked body's trailers exceed " +
                                                 std::to_string(kMaxChunkedTrailers) + " bytes"};
                if ((*line)->empty()) stage_ = Stage::done;
                break;
            }
            case Stage::done:
                return std::optional<std::size_t>{pos_};
        }
    }
}

Result<std::optional<std::size_t>> decode_chunked_body(std::string_view buffer, std::size_t max_body,
                                                       std::string& body) {
    ChunkedBodyDecoder decoder(max_body);
    auto complete = decoder.feed(buffer);
    if (complete && *complete) body.append(decoder.take_body());
    return complete;
}

}  // namespace wagw::wa::transport
