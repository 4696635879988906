#pragma once
// The primary phone (device 0) of a simulated account, doing what a real phone does when it scans a companion's
// QR code: it vouches for the companion with an ADV identity signed by its Signal identity key (which is the
// account's ADV key) and HMAC'd with the ADV secret from the QR.
#include <cstdint>

#include "common/util/result.hpp"
#include "backend/wa/pairing/adv_identity.hpp"
#include "tools/wasim/state/account.hpp"

namespace wagw::wasim {

struct CompanionApproval {
    std::uint16_t device = 0;
    std::uint32_t key_index = 0;
    Bytes device_identity;  // ADVSignedDeviceIdentityHMAC for <pair-success><device-identity>
};

// Reserves the next device id of `account` and signs the companion named by `qr`.
Result<CompanionApproval> approve_companion(Account& account, const wa::pairing::QrCode& qr, std::uint64_t now);

}  // namespace wagw::wasim
