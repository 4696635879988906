#pragma once
// HTTP/1.1 request bodies for the server's plain-HTTP path: Content-Length or chunked transfer coding (what
// undici/fetch uses for streamed uploads, e.g. Baileys' media upload). Pure code.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "backend/wa/transport/http_upgrade.hpp"

namespace wagw::wa::transport {

struct BodyFraming {
    bool chunked = false;
    std::size_t content_length = 0;
};
// Fails on unsupported transfer codings, malformed lengths, or a declared length above `max_body`.
Result<BodyFraming> body_framing(const HttpHead& request, std::size_t max_body);

// Limits of the chunked framing around the data. Both are refused as soon as they are exceeded, complete or
// not, so a peer cannot make the server buffer an endless line.
inline constexpr std::size_t kMaxChunkSizeLine = 1024;    // hex size plus chunk extensions (ignored)
inline constexpr std::size_t kMaxChunkedTrailers = 8192;  // all trailer lines (ignored) with their CRLFs
// Size lines and CRLFs in all: beyond this much above `max_body`, a body of tiny chunks is refused as too
// large.
inline constexpr std::size_t kMaxChunkedFramingSlack = 64 * 1024;

// A chunked body decoded as its bytes arrive. Each call to feed() gets the whole buffer since the body began
// (the caller only appends to it) and resumes where the previous call stopped, so every byte is scanned once
// however the body is split across reads.
class ChunkedBodyDecoder {
public:
    explicit ChunkedBodyDecoder(std::size_t max_body) : max_body_(max_body) {}

    // The number of bytes the whole body occupies once it is complete (its data is then in take_body()),
    // nothing while more bytes are needed, or an error for malformed or oversized input ("body_too_large"
    // when the data or its framing exceed the limits, "bad_http" otherwise).
    Result<std::optional<std::size_t>> feed(std::string_view buffer);
    std::string take_body() { return std::move(body_); }

private:
    enum class Stage { size_line, data, trailers, done };
    // The CRLF-terminated line at pos_, without its CRLF, or nothing yet; a line longer than `limit` is an
    // error.
    Result<std::optional<std::string_view>> next_line(std::string_view buffer, std::size_t limit,
                                                      const char* what);

    std::size_t max_body_;
    Stage stage_ = Stage::size_line;
    std::size_t pos_ = 0;      // where the current line or chunk starts
    std::size_t scanned_ = 0;  // how far the search for the current line's CRLF has got
    std::size_t chunk_size_ = 0;
    std::size_t framing_bytes_ = 0;
    std::size_t trailer_bytes_ = 0;
    std::string body_;
};

// One-shot form of ChunkedBodyDecoder for a buffer already in hand: on completion `body` gets the data
// appended.
Result<std::optional<std::size_t>> decode_chunked_body(std::string_view buffer, std::size_t max_body,
                                                       std::string& body);

}  // namespace wagw::wa::transport
