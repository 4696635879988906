#pragma once
// What a companion device must remember between runs: its Noise static key, its ADV secret, and once linked
// its own JID/LID, the phone's signed identity and the push name. The Signal identity and pre-keys live in
// the Signal layer's tables under a per-link Signal account name kept here. Private keys and the ADV secret
// are sealed with the SecretBox before they reach SQLite.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "backend/store/database.hpp"
#include "backend/store/migrations.hpp"
#include "backend/store/secret_box.hpp"
#include "backend/wa/signal/curve25519.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::client {

inline constexpr std::string_view kClientComponent = "wa_client";
std::span<const store::Migration> client_migrations();

struct DeviceRecord {
    std::string account;         // the gateway's name for this link
    std::string signal_account;  // the Signal layer's account: new for every link, so a wipe cannot mix keys
    signal::KeyPair noise_key;
    signal::SecretBytes<32> adv_secret;  // sealed at rest; shown only inside the QR
    std::string jid;                     // own device JID (PN), empty until linked
    std::string lid;                     // own device LID
    std::string platform;
    std::string push_name;
    std::vector<std::uint8_t> account_identity;  // ADVSignedDeviceIdentity incl. accountSignatureKey
    std::int64_t signed_pre_key_rotated_at = 0;  // unix seconds the server last got a new signed pre-key

    bool linked() const { return !jid.empty(); }
};

class DeviceStore {
public:
    // Applies this component's and the Signal layer's migrations.
    static Result<DeviceStore> open(store::Database& db, const store::SecretBox& box);

    // The stored device, or a new unlinked one (fresh Noise key and ADV secret) when there is none.
    Result<DeviceRecord> load_or_create(const std::string& account);
    Result<bool> exists(const std::string& account);
    Status save_link(const DeviceRecord& record);
    Status save_push_name(const std::string& account, const std::string& push_name);
    // The PN -> LID user mapping learned from usync and stanzas (sessions are keyed by LID).
    Status save_lid(const std::string& account, const std::string& pn_user, const std::string& lid_user);
    Result<std::map<std::string, std::string>> lids(const std::string& account);
    // The push name each contact (PN or LID user) last showed in a message's `notify`.
    Status save_contact_push_name(const std::string& account, const std::string& user, const std::string& push_name);
    Result<std::map<std::string, std::string>> contact_push_names(const std::string& account);
    // Forgets the device, its LID map, its contacts' push names and its Signal state (keys, sessions), in one
    // transaction.
    Status wipe(const std::string& account);

private:
    DeviceStore(store::Database& db, const store::SecretBox& box) : db_(&db), box_(&box) {}
    Result<DeviceRecord> create(const std::string& account);

    store::Database* db_;
    const store::SecretBox* box_;
};

}  // namespace wagw::wa::client
