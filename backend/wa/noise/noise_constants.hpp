#pragma once
// Fixed values of WhatsApp's Noise variant (shared/notes/protocol.md §1, §2).
#include <array>
#include <cstdint>

namespace wagw::wa::noise {

// "Noise_XX_25519_AESGCM_SHA256" padded with four NULs to exactly 32 bytes, so it is used as the initial
// hash directly instead of being hashed (Noise spec: names of at most HASHLEN bytes are zero-padded).
inline constexpr std::array<uint8_t, 32> kProtocolName = {
    'N', 'o', 'i', 's', 'e', '_', 'X', 'X', '_', '2', '5', '5', '1', '9', '_', 'A',
    'E', 'S', 'G', 'C', 'M', '_', 'S', 'H', 'A', '2', '5', '6', 0,   0,   0,   0};

// "WA", magic 6, dictionary version 3: prefixed once to the client's first WebSocket message by the
// transport layer, and the whole Noise prologue (even when an "ED" routing prefix precedes it). Our initiator
// always sends this one; a responder mixes whichever header its client sent (Baileys 6 sends "WA" 6 2).
inline constexpr std::array<uint8_t, 4> kWaConnectionHeader = {'W', 'A', 6, 3};

// WhatsApp's long-term root ("WhatsAppLongTerm1", serial 0) that signs the intermediate certificate;
// Montgomery-form Curve25519 key, verified with XEdDSA. Same value in whatsmeow and Baileys.
inline constexpr std::array<uint8_t, 32> kWhatsAppRootPublicKey = {
    0x14, 0x23, 0x75, 0x57, 0x4d, 0x0a, 0x58, 0x71, 0x66, 0xaa, 0xe7, 0x1e, 0xbe, 0x51, 0x64, 0x37,
    0xc4, 0xa2, 0x8b, 0x73, 0xe3, 0x69, 0x5c, 0x6c, 0xe1, 0xf7, 0xf9, 0x54, 0x5d, 0xa8, 0xee, 0x6b};
inline constexpr uint32_t kWhatsAppRootSerial = 0;

inline constexpr std::size_t kKeySize = 32;
inline constexpr std::size_t kGcmTagSize = 16;

}  // namespace wagw::wa::noise
