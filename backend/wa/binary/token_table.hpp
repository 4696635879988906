#pragma once
// The WABinary token dictionaries (dictionary version 3): strings that travel as one byte (1..235) or as a
// dictionary byte (236..239) plus an index. Both sides of a connection must use exactly the same table, so it
// is generated from the extracted list (tools/gen/tokens.py) rather than typed in.
#include <cstdint>
#include <optional>
#include <string_view>

namespace wagw::wa::binary {

inline constexpr int kDictionaryVersion = 3;

// Where a token lives: a single byte (no dictionary) or (dictionary 0..3, index).
struct TokenCode {
    std::optional<std::uint8_t> dictionary;
    std::uint8_t index = 0;
    bool operator==(const TokenCode&) const = default;
};

// Byte 1..235 -> token. 0 and 236.. are not single-byte tokens.
std::optional<std::string_view> single_byte_token(std::uint8_t byte);
// (dictionary 0..3, any index) -> token.
std::optional<std::string_view> double_byte_token(std::uint8_t dictionary, std::uint8_t index);
// Text -> its code, if it is a token. The empty string is never a token.
std::optional<TokenCode> find_token(std::string_view text);

}  // namespace wagw::wa::binary
