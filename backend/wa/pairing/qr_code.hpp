#pragma once
// The text a companion shows as its QR code (protocol.md §5.1 step 4):
//   [https://wa.me/settings/linked_devices#]REF,NOISE,IDENT,ADV[,PLATFORM]
// NOISE and IDENT are the companion's Noise static and Signal identity public keys (32 bytes each), ADV its
// 32-byte ADV secret, all std base64; REF is one of the server's pair-device refs; PLATFORM (current format only)
// names the companion's client type ("0".."9", "c", "e").
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/util/result.hpp"
#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wa::pairing {

inline constexpr std::string_view kQrUrlPrefix = "https://wa.me/settings/linked_devices#";

using AdvSecret = std::array<std::uint8_t, 32>;

struct QrCode {
    std::string ref;
    signal::PublicKey noise_public{};
    signal::PublicKey identity_public{};
    AdvSecret adv_secret{};
    std::string platform;  // empty in the old four-part format

    bool operator==(const QrCode&) const = default;
};

// Accepts both formats. Error "invalid_qr" names the part that is wrong.
Result<QrCode> parse_qr_code(std::string_view text);

// The current format (URL prefix, five parts) when `platform` is set, else the old four-part form.
std::string format_qr_code(const QrCode& code);

}  // namespace wagw::wa::pairing
