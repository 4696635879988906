#include "backend/wa/binary/zlib_codec.hpp"

#include <algorithm>
#include <climits>

#include <zlib.h>

namespace wagw::wa::binary {
namespace {

Error bad_zlib(const std::string& why) {
    return Error{"binary_bad_zlib", "compressed frame payload: " + why};
}

// Ends the stream whichever way the function leaves.
struct InflateStream {
    z_stream stream{};
    bool open = false;
    ~InflateStream() {
        if (open) inflateEnd(&stream);
    }
};

}  // namespace

Result<Bytes> zlib_compress(ByteView data) {
    if (data.size() > ULONG_MAX / 2) return Error{"binary_too_large", "payload too large to compress"};
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    Bytes out(size);
    if (compress2(out.data(), &size, data.data(), static_cast<uLong>(data.size()), Z_DEFAULT_COMPRESSION) !=
        Z_OK) {
        return Error{"binary_bad_zlib", "zlib could not compress the payload"};
    }
    out.resize(size);
    return out;
}

Result<Bytes> zlib_inflate(ByteView data, std::size_t max_output) {
    if (data.size() > UINT_MAX) return Error{"binary_too_large", "compressed frame payload is too large"};
    InflateStream z;
    if (inflateInit(&z.stream) != Z_OK) return bad_zlib("zlib could not start");
    z.open = true;
    z.stream.next_in = const_cast<Bytef*>(data.data());  // zlib's API is not const-correct; it only reads
    z.stream.avail_in = static_cast<uInt>(data.size());

    Bytes out;
    constexpr std::size_t kChunk = 64 * 1024;
    for (;;) {
        const std::size_t produced = out.size();
        if (produced >= max_output + 1) {
            return Error{"binary_too_large",
                         "compressed frame payload inflates beyond " + std::to_string(max_output) + " bytes"};
        }
        // Room for at most one byte past the cap, which is enough to know the cap was exceeded.
        const std::size_t room = std::min(kChunk, max_output + 1 - produced);
        out.resize(produced + room);
        z.stream.next_out = out.data() + produced;
        z.stream.avail_out = static_cast<uInt>(room);
        const uInt input_before = z.stream.avail_in;
        const int status = inflate(&z.stream, Z_NO_FLUSH);
        const std::size_t written = room - z.stream.avail_out;
        out.resize(produced + written);
        if (status == Z_STREAM_END) break;
        if (status != Z_OK && status != Z_BUF_ERROR) {
            return bad_zlib(z.stream.msg != nullptr ? z.stream.msg : "corrupt data");
        }
        // Output space is always offered, so stopping with input used up means the stream is cut short.
        if (z.stream.avail_in == 0 && z.stream.avail_out != 0)
            return bad_zlib("the stream ends before its end marker");
        if (written == 0 && z.stream.avail_in == input_before) return bad_zlib("zlib made no progress");
    }
    if (out.size() > max_output) {
        return Error{"binary_too_large",
                     "compressed frame payload inflates beyond " + std::to_string(max_output) + " bytes"};
    }
    if (z.stream.avail_in != 0) {
        return bad_zlib(std::to_string(z.stream.avail_in) +
                        " byte(s) of garbage after the end of the stream");
    }
    return out;
}

}  // namespace wagw::wa::binary
