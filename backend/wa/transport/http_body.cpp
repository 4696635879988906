#include "backend/wa/transport/http_body.hpp"

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

Result<std::optional<std::size_t>> decode_chunked_body(std::string_view buffer, std::size_t max_body,
                                                       std::string& body) {
    std::size_t pos = 0;
    std::size_t total = 0;
    // First pass only measures, so an incomplete body costs no copying.
    for (int pass = 0; pass < 2; ++pass) {
        pos = 0;
        total = 0;
        for (;;) {
            auto eol = buffer.find("\r\n", pos);
            if (eol == std::string_view::npos) {
                if (buffer.size() - pos > 1024) return Error{"bad_http", "chunk size line is too long"};
                return std::optional<std::size_t>{};
            }
            std::string_view line = buffer.substr(pos, eol - pos);
            line = line.substr(0, line.find(';'));  // chunk extensions are ignored
            std::size_t size = 0;
            auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
            if (line.empty() || ec != std::errc{} || ptr != line.data() + line.size())
                return Error{"bad_http", "malformed chunk size"};
            pos = eol + 2;
            if (size == 0) {
                // Trailers (ignored) end with an empty line.
                for (;;) {
                    auto end = buffer.find("\r\n", pos);
                    if (end == std::string_view::npos) return std::optional<std::size_t>{};
                    bool empty = end == pos;
                    pos = end + 2;
                    if (empty) break;
                }
                break;
            }
            if (size > max_body || total + size > max_body)
                return Error{"body_too_large", "chunked request body exceeds the limit of " + std::to_string(max_body)};
            if (buffer.size() < pos + size + 2) return std::optional<std::size_t>{};
            if (buffer.substr(pos + size, 2) != "\r\n") return Error{"bad_http", "chunk is not followed by CRLF"};
            if (pass == 1) body.append(buffer.substr(pos, size));
            total += size;
            pos += size + 2;
        }
        if (pass == 0) body.reserve(body.size() + total);
    }
    return std::optional<std::size_t>{pos};
}

}  // namespace wagw::wa::transport
