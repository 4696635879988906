#include "tools/wasim/phone/virtual_phone.hpp"

namespace wagw::wasim {

Result<CompanionApproval> approve_companion(Account& account, const wa::pairing::QrCode& qr, std::uint64_t now) {
    if (account.next_device_id == 0xffff) return Error{"too_many_devices", "this account has no device ids left"};
    CompanionApproval approval;
    approval.device = account.next_device_id++;
    // Like WhatsApp, the key index grows with every linked device and is never 0 for a companion.
    approval.key_index = approval.device;
    wa::pairing::DeviceIdentityDetails details;
    details.raw_id = account.adv_raw_id;
    details.timestamp = now;
    details.key_index = approval.key_index;
    auto signed_identity =
        wa::pairing::sign_companion_identity(account.phone_identity, qr.identity_public, qr.adv_secret, details);
    if (!signed_identity) return signed_identity.error();
    approval.device_identity = std::move(*signed_identity);
    return approval;
}

}  // namespace wagw::wasim
