#include "backend/wa/binary/token_table.hpp"

#include <algorithm>

namespace wagw::wa::binary {

std::optional<TokenCode> TokenDictionary::find_token(std::string_view text) const {
    const auto by_text = [](const ReverseEntry& entry, std::string_view key) { return entry.text < key; };
    auto found = std::lower_bound(by_text_.begin(), by_text_.end(), text, by_text);
    if (found == by_text_.end() || found->text != text) return std::nullopt;
    if (found->dictionary == kSingleByteEntry) return TokenCode{std::nullopt, found->index};
    return TokenCode{found->dictionary, found->index};
}

const TokenDictionary* token_dictionary_for_version(int version) {
    switch (version) {
        case 3: return &token_dictionary_v3();
        case 2: return &token_dictionary_v2();
        default: return nullptr;
    }
}

std::optional<std::string_view> single_byte_token(std::uint8_t byte) {
    return token_dictionary_v3().single_byte_token(byte);
}

std::optional<std::string_view> double_byte_token(std::uint8_t dictionary, std::uint8_t index) {
    return token_dictionary_v3().double_byte_token(dictionary, index);
}

std::optional<TokenCode> find_token(std::string_view text) { return token_dictionary_v3().find_token(text); }

}  // namespace wagw::wa::binary
