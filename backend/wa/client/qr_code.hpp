#pragma once
// The QR codes a companion shows while it waits for a scan: one per pair-device ref, in the current format
// (wagw_wa_pairing's format_qr_code: "https://wa.me/settings/linked_devices#REF,NOISE,IDENT,ADV,PLATFORM"),
// the first valid for 60 s and each later one for 20 s, as in whatsmeow and Baileys.
#include <chrono>
#include <string>
#include <string_view>

#include "backend/wa/pairing/qr_code.hpp"

namespace wagw::wa::client {

// Companion client type shown in the QR; "0" = unknown (whatsmeow's value: we are no browser).
inline constexpr std::string_view kQrPlatform = "0";

std::string make_qr_string(std::string_view ref, const signal::PublicKey& noise_public,
                           const signal::PublicKey& identity_public, const pairing::AdvSecret& adv_secret);

// How long the QR for the n-th ref (0-based) stays valid.
std::chrono::milliseconds qr_validity(int index);

}  // namespace wagw::wa::client
