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

// Scans `buffer` (bytes after the head). Returns the number of bytes the whole chunked body occupies once it is
// complete (and fills `body`), nothing while more bytes are needed, or an error for malformed or oversized input.
Result<std::optional<std::size_t>> decode_chunked_body(std::string_view buffer, std::size_t max_body,
                                                       std::string& body);

}  // namespace wagw::wa::transport
