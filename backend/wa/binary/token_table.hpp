#pragma once
// The WABinary token dictionaries: strings that travel as one byte (1..235) or as a dictionary byte (236..239)
// plus an index. Both sides of a connection must use exactly the same table, and the table is chosen by the
// dictionary version in the client's connection header ("WA" 6 VERSION): version 3 is today's (Baileys 7,
// whatsmeow, our client), version 2 is Baileys 6's, and the two share almost no token positions. The tables
// are generated (tools/gen/tokens.py) rather than typed in: token_dictionary_v3.cpp, token_dictionary_v2.cpp.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace wagw::wa::binary {

// The version our client speaks and the default everywhere a connection did not say otherwise.
inline constexpr int kDictionaryVersion = 3;

// Where a token lives: a single byte (no dictionary) or (dictionary 0..3, index).
struct TokenCode {
    std::optional<std::uint8_t> dictionary;
    std::uint8_t index = 0;
    bool operator==(const TokenCode&) const = default;
};

// One version's tables: constant data, chosen once per connection and passed by reference to the codec.
class TokenDictionary {
public:
    using SingleByteTable = std::array<std::string_view, 236>;             // index 0 is "" (never a token)
    using DoubleByteTable = std::array<std::array<std::string_view, 256>, 4>;
    // The reverse index: every token with its code, sorted by text for a binary search.
    struct ReverseEntry {
        std::string_view text;
        std::uint8_t dictionary;  // kSingleByteEntry or 0..3
        std::uint8_t index;
    };
    static constexpr std::uint8_t kSingleByteEntry = 0xFF;

    constexpr TokenDictionary(int version, const SingleByteTable& single, const DoubleByteTable& dictionaries,
                              std::span<const ReverseEntry> by_text)
        : version_(version), single_(&single), dictionaries_(&dictionaries), by_text_(by_text) {}

    int version() const { return version_; }
    // Byte 1..235 -> token. 0 and 236.. are not single-byte tokens.
    std::optional<std::string_view> single_byte_token(std::uint8_t byte) const {
        if (byte == 0 || byte >= single_->size()) return std::nullopt;
        return (*single_)[byte];
    }
    // (dictionary 0..3, any index) -> token.
    std::optional<std::string_view> double_byte_token(std::uint8_t dictionary, std::uint8_t index) const {
        if (dictionary >= dictionaries_->size()) return std::nullopt;
        return (*dictionaries_)[dictionary][index];
    }
    // Text -> its code, if it is a token. The empty string is never a token.
    std::optional<TokenCode> find_token(std::string_view text) const;

private:
    int version_;
    const SingleByteTable* single_;
    const DoubleByteTable* dictionaries_;
    std::span<const ReverseEntry> by_text_;
};

const TokenDictionary& token_dictionary_v3();
const TokenDictionary& token_dictionary_v2();
// The dictionary for a connection header's version byte; nullptr when we have no table for it.
const TokenDictionary* token_dictionary_for_version(int version);

// Shorthands on the version 3 dictionary, for code that only ever meets version 3.
std::optional<std::string_view> single_byte_token(std::uint8_t byte);
std::optional<std::string_view> double_byte_token(std::uint8_t dictionary, std::uint8_t index);
std::optional<TokenCode> find_token(std::string_view text);

}  // namespace wagw::wa::binary
