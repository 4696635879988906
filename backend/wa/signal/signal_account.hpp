#pragma once
// One linked account's end-to-end encryption: its Signal identity and pre-keys, pairwise sessions with other
// devices (pkmsg/msg), and group sender keys (skmsg). State lives in SQLite through SignalStore; every
// operation that changes it runs in one transaction, so a failure or a crash leaves the previous state whole.
// Not thread-safe: each account is used from its session's strand only.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backend/store/database.hpp"
#include "backend/store/secret_box.hpp"
#include "backend/wa/signal/address.hpp"
#include "backend/wa/signal/curve25519.hpp"
#include "backend/wa/signal/xeddsa.hpp"

struct signal_protocol_store_context;

namespace wagw::wa::signal {

class SignalContext;
class SignalStore;
using Bytes = std::vector<std::uint8_t>;

struct PreKeyPublic {
    std::uint32_t id = 0;  // 1..0xFFFFFE: WhatsApp carries it in 3 bytes
    PublicKey key{};
};

struct SignedPreKeyPublic {
    std::uint32_t id = 0;
    PublicKey key{};
    Signature signature{};  // XEdDSA by the identity key over 0x05 || key
};

struct PreKeyBundle {
    std::uint32_t registration_id = 0;
    PublicKey identity_key{};
    SignedPreKeyPublic signed_pre_key;
    std::optional<PreKeyPublic> pre_key;
};

struct LocalIdentity {
    std::uint32_t registration_id = 0;
    PublicKey identity_key{};
    SignedPreKeyPublic signed_pre_key;
};

enum class CiphertextKind { PreKeyMessage, Message };  // WhatsApp's "pkmsg" and "msg"
std::string_view wire_name(CiphertextKind kind);
Result<CiphertextKind> ciphertext_kind_from_wire(std::string_view name);

struct Ciphertext {
    CiphertextKind kind = CiphertextKind::Message;
    Bytes bytes;
};

class SignalAccount {
public:
    struct Options {
        // WhatsApp clients accept a contact's new identity key (a reinstall); strict mode refuses it.
        bool accept_identity_changes = true;
    };

    // The database must have signal_migrations() applied; `account` separates accounts sharing one file.
    static Result<std::unique_ptr<SignalAccount>> open(store::Database& db, const store::SecretBox& box,
                                                       std::string account, Options options);
    static Result<std::unique_ptr<SignalAccount>> open(store::Database& db, const store::SecretBox& box,
                                                       std::string account) {
        return open(db, box, std::move(account), Options{});
    }
    ~SignalAccount();

    // --- identity and pre-keys ---
    // Creates the identity key pair, registration id and first signed pre-key on first use; then loads them.
    Result<LocalIdentity> ensure_identity();
    // XEdDSA with the identity private key (ADV and pairing signatures); the key itself never leaves the store.
    Result<Signature> sign_with_identity(std::span<const std::uint8_t> message);
    // X25519 of the identity private key with a peer key (link-code pairing derives its secret this way).
    Result<SharedSecret> agree_with_identity(std::span<const std::uint8_t, 32> peer_public);
    // Pins a contact's identity key, e.g. the phone's account key as its device 0 at pairing, so a later
    // session with a different key is noticed (and refused in strict mode).
    Status save_remote_identity(const Address& peer, const PublicKey& identity_key);
    Result<std::optional<PublicKey>> remote_identity(const Address& peer);
    Result<std::vector<PreKeyPublic>> generate_pre_keys(std::uint32_t count);
    Result<SignedPreKeyPublic> rotate_signed_pre_key();
    Result<std::size_t> pre_key_count(bool uploaded);
    Status mark_pre_keys_uploaded(const std::vector<std::uint32_t>& ids);
    // A bundle of our own keys using one not yet handed out pre-key (how a server hands us to a peer).
    Result<PreKeyBundle> take_own_bundle();

    // --- pairwise sessions ---
    Status build_session(const Address& peer, const PreKeyBundle& bundle);
    Result<bool> has_session(const Address& peer);
    Result<Ciphertext> encrypt(const Address& peer, std::span<const std::uint8_t> plaintext);
    Result<Bytes> decrypt(const Address& peer, const Ciphertext& ciphertext);

    // --- group sender keys ---
    // Our SenderKeyDistributionMessage for the group (creating our sender key if needed).
    Result<Bytes> sender_key_distribution(std::string_view group, const Address& self);
    Status process_sender_key_distribution(std::string_view group, const Address& sender,
                                           std::span<const std::uint8_t> distribution);
    Result<Bytes> group_encrypt(std::string_view group, const Address& self, std::span<const std::uint8_t> plaintext);
    Result<Bytes> group_decrypt(std::string_view group, const Address& sender, std::span<const std::uint8_t> ciphertext);

private:
    SignalAccount() = default;
    Error failure(int code, std::string_view during) const;
    Result<PrivateKey> identity_private_key();

    store::Database* db_ = nullptr;
    std::unique_ptr<SignalContext> context_;
    std::unique_ptr<SignalStore> store_;
    signal_protocol_store_context* store_context_ = nullptr;
};

}  // namespace wagw::wa::signal
