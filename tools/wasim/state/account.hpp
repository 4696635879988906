#pragma once
// What the simulated server knows about one WhatsApp account: its phone (device 0, a virtual phone whose Signal
// identity is the ADV account key), its LID, and its linked companion devices with their published keys.
// Plain data; owned by the AccountDirectory and touched only on the simulator's strand.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wasim {

using Bytes = std::vector<std::uint8_t>;
namespace signal = wa::signal;

struct SignedPreKey {
    std::uint32_t id = 0;
    signal::PublicKey public_key{};
    Bytes signature;  // 64 bytes, by the device's identity key over 05 || public_key
};

// The pre-key directory entry of one device: what others fetch to start a Signal session with it.
struct DeviceKeys {
    std::uint32_t registration_id = 0;
    signal::PublicKey identity{};
    std::optional<SignedPreKey> signed_pre_key;
    std::map<std::uint32_t, signal::PublicKey> one_time_pre_keys;  // consumed by bundle fetches
};

struct CompanionDevice {
    std::uint16_t id = 0;
    std::uint32_t key_index = 0;  // ADV key index; non-zero (Baileys ignores devices with key-index 0)
    signal::PublicKey noise_public{};  // identifies the device at login
    DeviceKeys keys;
    std::string platform;  // QR platform code, when the companion sent one
    std::uint64_t linked_at = 0;
    bool removed = false;  // unlinked or logged out: later logins fail with 401
};

struct Account {
    std::string phone;  // digits only: the PN user
    std::string lid;    // digits only: the LID user
    std::string push_name;
    signal::KeyPair phone_identity;  // the virtual phone's Signal identity = ADV account key
    std::uint32_t adv_raw_id = 0;
    std::uint16_t next_device_id = 1;
    DeviceKeys phone_keys;  // device 0's published keys
    std::map<std::uint16_t, CompanionDevice> companions;
    // Devices of other accounts ("PHONE:DEVICE") that fetched this phone's bundle by its PN, so that their Signal
    // session with the phone is filed under PHONE@s.whatsapp.net (Baileys 6 does this; Baileys 7 and our client
    // fetch by LID). The phone writes to them from its PN: from its LID they would find no session.
    std::set<std::string> pn_addressed_by;

    const CompanionDevice* active_companion(std::uint16_t device) const;
    CompanionDevice* active_companion(std::uint16_t device);
};

}  // namespace wagw::wasim
