#pragma once
// What a client said about itself in the Noise handshake's ClientPayload (protocol.md §3): either a fresh
// registration (it carries its Signal keys and wants to pair) or the login of a paired device.
#include <cstdint>
#include <optional>
#include <string>

#include "common/util/result.hpp"
#include "tools/wasim/state/account.hpp"

namespace wagw::wasim {

struct ClientHello {
    signal::PublicKey noise_public{};  // the client's Noise static key, from the handshake
    std::string push_name;
    bool passive = false;
    // Registration: the keys from devicePairingData.
    std::optional<DeviceKeys> registration;
    // Login: the device's own phone number and device id.
    std::string phone;
    std::uint16_t device = 0;

    bool is_registration() const { return registration.has_value(); }
};

// Parses a serialized ClientPayload. Error "bad_client_payload" when it is neither a well-formed registration
// nor a login.
Result<ClientHello> read_client_hello(const Bytes& client_payload, const signal::PublicKey& noise_public);

}  // namespace wagw::wasim
