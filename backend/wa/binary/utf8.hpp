#pragma once
// Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). JIDs are text on both
// ends of the wire; a JID that is not valid UTF-8 is hostile or corrupt, never something to pass along.
#include <cstddef>
#include <optional>
#include <string_view>

namespace wagw::wa::binary {

// The offset of the first byte that does not start a valid sequence, or nullopt when the text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

inline bool is_valid_utf8(std::string_view text) {
    return !first_invalid_utf8(text).has_value();
}

}  // namespace wagw::wa::binary
