#pragma once
// QR pairing, server side (protocol.md §5.1): pair-device refs for a registering client, the phone's scan
// leading to pair-success, and the companion's pair-device-sign leading to the 515 restart.
#include <string>

#include "common/util/result.hpp"
#include "backend/wa/pairing/qr_code.hpp"
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

// A registering client connected: send it six refs.
void start_registration(SimulatorContext& context, Session& session);

struct ScanOutcome {
    std::string phone;
    std::uint16_t device = 0;
};

// The phone of `account` scanned `qr_text`. Errors: "invalid_qr", "unknown_ref" (not ours, expired, or its client
// is gone), "qr_mismatch" (keys differ from what the client registered with), "busy" (already pairing).
Result<ScanOutcome> scan_qr(SimulatorContext& context, Account& account, const std::string& qr_text);

// The registering client whose ref is in `qr_text` (for the mock-phone hook, which picks the account from the
// client's push name). Same errors as scan_qr.
Result<Session*> registering_session_for_qr(SimulatorContext& context, const std::string& qr_text);

// The phone vouches for the registering client of `session` (its identity key signed, HMAC'd with `adv_secret`)
// and sends pair-success; QR and link-code pairing both end here.
Result<ScanOutcome> send_pair_success(SimulatorContext& context, Session& session, Account& account,
                                      const wa::pairing::AdvSecret& adv_secret, const std::string& platform);

// <iq type="result"><pair-device-sign> from the companion.
void handle_pair_device_sign(SimulatorContext& context, Session& session, const wa::binary::Node& iq);

}  // namespace wagw::wasim
