#pragma once
// Text from the wire made safe for a log line or an error message: printable ASCII stays, everything else
// (control bytes, quotes, '<', '&', '\', non-ASCII) becomes \xNN, and long text is cut with its length noted.
#include <cstddef>
#include <string>
#include <string_view>

namespace wagw::wa::binary {

void append_log_text(std::string& out, std::string_view text, std::size_t max_chars);

inline std::string log_text(std::string_view text, std::size_t max_chars = 64) {
    std::string out;
    append_log_text(out, text, max_chars);
    return out;
}

}  // namespace wagw::wa::binary
