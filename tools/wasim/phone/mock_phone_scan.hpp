#pragma once
// The mock phone: whoever holds a companion's QR code can have "a phone" scan it, without creating an account
// first. The account is picked from the registering client's push name (a new account when it sent none, or
// when none has that name yet), and a new account owns the starter group when one is configured. Used by the
// control API (POST /admin/mock-phone/scan-qr) and, in-process, by the gateway's demo scan.
#include <string>

#include "tools/wasim/handlers/pairing.hpp"

namespace wagw::wasim {

// Simulator strand only. Errors as scan_qr, plus "account_failed" when the account could not be created.
Result<ScanOutcome> mock_phone_scan_qr(SimulatorContext& context, const std::string& qr_text);

}  // namespace wagw::wasim
