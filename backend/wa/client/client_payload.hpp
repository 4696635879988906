#pragma once
// The ClientPayload sent inside the Noise clientFinish (protocol notes §3): registration for a device that is
// not linked yet (its keys go to the server so the phone can link it), login for a linked one (who we are).
#include <cstdint>
#include <string>

#include "backend/wa/signal/signal_account.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::client {

// The WhatsApp Web version we claim; the real server rejects stale ones with <failure reason="405">.
struct ClientVersion {
    std::uint32_t primary = 2;
    std::uint32_t secondary = 3000;
    std::uint32_t tertiary = 1035194821;
    std::string text() const;
};

struct PayloadOptions {
    ClientVersion version;
    std::string push_name;           // empty: not sent
    std::string device_os = "wagw";  // DeviceProps.os: what the phone lists as the linked device's name
};

// Serialized ClientPayload for a fresh registration (DevicePairingRegistrationData).
std::string build_registration_payload(const signal::LocalIdentity& identity, const PayloadOptions& options);

// Serialized ClientPayload for logging in as `user` (the phone number of our own JID) device `device`.
Result<std::string> build_login_payload(const std::string& user, std::uint32_t device,
                                        const PayloadOptions& options);

}  // namespace wagw::wa::client
