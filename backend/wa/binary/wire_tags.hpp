#pragma once
// The special bytes of the WABinary wire format (protocol notes 4.3). Everything from 1 to 235 is a
// single-byte token; these are the rest.
#include <cstddef>
#include <cstdint>
#include <string>

namespace wagw::wa::binary::wire {

inline constexpr std::uint8_t kListEmpty = 0x00;
inline constexpr std::uint8_t kDictionary0 = 0xEC;  // ..0xEF: next byte indexes dictionary 0..3
inline constexpr std::uint8_t kDictionary3 = 0xEF;
inline constexpr std::uint8_t kInteropJid = 0xF5;
inline constexpr std::uint8_t kFbJid = 0xF6;
inline constexpr std::uint8_t kAdJid = 0xF7;
inline constexpr std::uint8_t kList8 = 0xF8;
inline constexpr std::uint8_t kList16 = 0xF9;
inline constexpr std::uint8_t kJidPair = 0xFA;
inline constexpr std::uint8_t kHex8 = 0xFB;
inline constexpr std::uint8_t kBinary8 = 0xFC;
inline constexpr std::uint8_t kBinary20 = 0xFD;
inline constexpr std::uint8_t kBinary32 = 0xFE;
inline constexpr std::uint8_t kNibble8 = 0xFF;

inline constexpr std::size_t kPackedMaxChars = 127;  // NIBBLE_8/HEX_8 carry at most 127 characters
inline constexpr std::uint8_t kPackedOddFlag = 0x80;
inline constexpr std::uint8_t kPackedFiller = 0x0F;  // low nibble padding an odd-length packed string

// Frame payload flag byte (notes 4.1): bit value 2 means the rest is zlib-compressed.
inline constexpr std::uint8_t kFlagCompressed = 0x02;

// A name for error messages: "LIST_8 (0xF8)", "AD_JID (0xF7)", "single-byte token 25", ...
std::string describe_tag(std::uint8_t tag);

}  // namespace wagw::wa::binary::wire
