#include "backend/wa/binary/log_text.hpp"

#include <algorithm>
#include <cstdio>

namespace wagw::wa::binary {

void append_log_text(std::string& out, std::string_view text, std::size_t max_chars) {
    const std::size_t shown = std::min(text.size(), max_chars);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '"' || c == '\\' || c == '<' || c == '&' || c < 0x20 || c >= 0x7F) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", c);
            out += escaped;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    if (shown < text.size()) out += "...(" + std::to_string(text.size()) + " chars)";
}

}  // namespace wagw::wa::binary
