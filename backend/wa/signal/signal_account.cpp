#include "backend/wa/signal/signal_account.hpp"

#include <key_helper.h>
#include <session_pre_key.h>
#include <signal_protocol.h>

#include <algorithm>
#include <chrono>

#include "backend/wa/signal/key_forms.hpp"
#include "backend/wa/signal/signal_context.hpp"
#include "backend/wa/signal/signal_errors.hpp"
#include "backend/wa/signal/signal_ref.hpp"
#include "backend/wa/signal/signal_store.hpp"

namespace wagw::wa::signal {
namespace {

// Pre-key ids travel in 3 bytes; libsignal numbers them 1..0xFFFFFE and wraps.
constexpr std::uint32_t kPreKeyIdSpan = PRE_KEY_MEDIUM_MAX_VALUE - 1;
std::uint32_t wrapped_pre_key_id(std::uint64_t start, std::uint64_t offset) {
    return static_cast<std::uint32_t>((start + offset - 1) % kPreKeyIdSpan + 1);
}

PublicKey raw_public_key(const ec_public_key* key) {
    signal_buffer* serialized = nullptr;
    PublicKey raw{};
    if (ec_public_key_serialize(&serialized, key) == 0) {
        SignalBuffer owned(serialized);
        auto bytes = view(serialized);
        if (bytes.size() == 33) std::copy(bytes.begin() + 1, bytes.end(), raw.begin());
    }
    return raw;
}

Result<SignedPreKeyPublic> signed_pre_key_from_record(std::span<const std::uint8_t> record, signal_context* context) {
    session_signed_pre_key* key = nullptr;
    if (int rc = session_signed_pre_key_deserialize(&key, record.data(), record.size(), context); rc != 0) {
        return signal_error(rc, "reading the stored signed pre-key");
    }
    SignalRef<session_signed_pre_key> owned(key);
    SignedPreKeyPublic out;
    out.id = session_signed_pre_key_get_id(key);
    out.key = raw_public_key(ec_key_pair_get_public(session_signed_pre_key_get_key_pair(key)));
    if (session_signed_pre_key_get_signature_len(key) != out.signature.size()) {
        return Error{"invalid_key", "the stored signed pre-key has a signature of the wrong size"};
    }
    std::copy_n(session_signed_pre_key_get_signature(key), out.signature.size(), out.signature.begin());
    return out;
}

std::uint64_t now_ms();

// A new signed pre-key under the identity, as the record libsignal stores.
Result<SignalBuffer> new_signed_pre_key_record(const ratchet_identity_key_pair* identity, std::uint32_t id,
                                               signal_context* context) {
    session_signed_pre_key* signed_key = nullptr;
    if (int rc = signal_protocol_key_helper_generate_signed_pre_key(&signed_key, identity, id, now_ms(), context);
        rc != 0) {
        return signal_error(rc, "creating a signed pre-key");
    }
    SignalRef<session_signed_pre_key> owned(signed_key);
    signal_buffer* record = nullptr;
    if (int rc = session_signed_pre_key_serialize(&record, signed_key); rc != 0) {
        return signal_error(rc, "storing a signed pre-key");
    }
    return SignalBuffer(record);
}

std::uint64_t now_ms() {
    using namespace std::chrono;
    return static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

}  // namespace

std::string_view wire_name(CiphertextKind kind) { return kind == CiphertextKind::PreKeyMessage ? "pkmsg" : "msg"; }

Result<CiphertextKind> ciphertext_kind_from_wire(std::string_view name) {
    if (name == "pkmsg") return CiphertextKind::PreKeyMessage;
    if (name == "msg") return CiphertextKind::Message;
    return Error{"unsupported_ciphertext", "unknown Signal ciphertext type \"" + std::string(name) + "\""};
}

Result<std::unique_ptr<SignalAccount>> SignalAccount::open(store::Database& db, const store::SecretBox& box,
                                                           std::string account, Options options) {
    if (account.empty()) return Error{"invalid_account", "a Signal account needs a name"};
    auto context = SignalContext::create();
    if (!context) return context.error();
    std::unique_ptr<SignalAccount> self(new SignalAccount());
    self->db_ = &db;
    self->context_ = std::move(*context);
    self->store_ = std::make_unique<SignalStore>(db, box, std::move(account), options.accept_identity_changes);
    if (signal_protocol_store_context_create(&self->store_context_, self->context_->raw()) != 0) {
        return Error{"signal_context", "libsignal-protocol-c could not create a store context"};
    }
    self->store_->attach(self->store_context_);
    return self;
}

SignalAccount::~SignalAccount() {
    if (store_context_) signal_protocol_store_context_destroy(store_context_);
}

Error SignalAccount::failure(int code, std::string_view during) const {
    return signal_error(code, during, store_->last_failure());
}

Result<LocalIdentity> SignalAccount::ensure_identity() {
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    auto stored = store_->load_local_identity();
    if (!stored) return stored.error();
    if (!stored->has_value()) {
        ratchet_identity_key_pair* pair = nullptr;
        if (int rc = signal_protocol_key_helper_generate_identity_key_pair(&pair, context_->raw()); rc != 0) {
            return failure(rc, "creating the identity key pair");
        }
        SignalRef<ratchet_identity_key_pair> owned_pair(pair);
        std::uint32_t registration_id = 0;
        if (int rc = signal_protocol_key_helper_generate_registration_id(&registration_id, 0, context_->raw());
            rc != 0) {
            return failure(rc, "creating the registration id");
        }
        signal_buffer* public_bytes = nullptr;
        signal_buffer* private_bytes = nullptr;
        ec_public_key_serialize(&public_bytes, ratchet_identity_key_pair_get_public(pair));
        ec_private_key_serialize(&private_bytes, ratchet_identity_key_pair_get_private(pair));
        SignalBuffer owned_public(public_bytes), owned_private(private_bytes);

        auto record = new_signed_pre_key_record(pair, 1, context_->raw());
        if (!record) return record.error();

        StoredLocalIdentity identity{registration_id, copy_of(public_bytes), copy_of(private_bytes), 1, 1};
        if (auto s = store_->save_local_identity(identity); !s) return s.error();
        if (auto s = store_->save_signed_pre_key(1, view(record->get())); !s) return s.error();
        stored = std::optional<StoredLocalIdentity>(std::move(identity));
    }
    const StoredLocalIdentity& identity = **stored;
    auto signed_record = store_->load_signed_pre_key_record(identity.signed_pre_key_id);
    if (!signed_record) return signed_record.error();
    if (!signed_record->has_value()) return Error{"invalid_store", "the current signed pre-key is missing"};
    auto signed_key = signed_pre_key_from_record(**signed_record, context_->raw());
    if (!signed_key) return signed_key.error();
    auto identity_key = public_key_from_any_form(identity.identity_public);
    if (!identity_key) return identity_key.error();
    if (auto s = tx->commit(); !s) return s.error();
    return LocalIdentity{identity.registration_id, *identity_key, *signed_key};
}

Result<PrivateKey> SignalAccount::identity_private_key() {
    auto stored = store_->load_local_identity();
    if (!stored) return stored.error();
    if (!stored->has_value()) return Error{"no_identity", "this account has no Signal identity yet"};
    const Bytes& private_bytes = (*stored)->identity_private;
    if (private_bytes.size() != 32) return Error{"invalid_store", "the stored identity private key is damaged"};
    return PrivateKey(std::span<const std::uint8_t, 32>(private_bytes.data(), 32));
}

Result<Signature> SignalAccount::sign_with_identity(std::span<const std::uint8_t> message) {
    auto private_key = identity_private_key();
    if (!private_key) return private_key.error();
    return xeddsa_sign(*private_key, message);
}

Result<SharedSecret> SignalAccount::agree_with_identity(std::span<const std::uint8_t, 32> peer_public) {
    auto private_key = identity_private_key();
    if (!private_key) return private_key.error();
    return x25519_agreement(*private_key, peer_public);
}

Status SignalAccount::save_remote_identity(const Address& peer, const PublicKey& identity_key) {
    // Stored in the 33-byte form libsignal compares against.
    return store_->save_remote_identity(peer.name, peer.device, with_key_type(identity_key));
}

Result<std::optional<PublicKey>> SignalAccount::remote_identity(const Address& peer) {
    auto stored = store_->remote_identity(peer.name, peer.device);
    if (!stored) return stored.error();
    if (!stored->has_value()) return std::optional<PublicKey>{};
    auto key = public_key_from_any_form(**stored);
    if (!key) return key.error();
    return std::optional<PublicKey>{*key};
}

Result<std::vector<PreKeyPublic>> SignalAccount::generate_pre_keys(std::uint32_t count) {
    if (count == 0 || count > 10000) return Error{"invalid_count", "generate between 1 and 10000 pre-keys at once"};
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    auto stored = store_->load_local_identity();
    if (!stored) return stored.error();
    if (!stored->has_value()) return Error{"no_identity", "create the identity before its pre-keys"};
    const std::uint32_t start = (*stored)->next_pre_key_id;

    signal_protocol_key_helper_pre_key_list_node* head = nullptr;
    if (int rc = signal_protocol_key_helper_generate_pre_keys(&head, start, count, context_->raw()); rc != 0) {
        return failure(rc, "creating pre-keys");
    }
    std::vector<PreKeyPublic> created;
    created.reserve(count);
    Status saved = ok_status();
    for (auto* node = head; node && saved; node = signal_protocol_key_helper_key_list_next(node)) {
        session_pre_key* key = signal_protocol_key_helper_key_list_element(node);
        signal_buffer* record = nullptr;
        session_pre_key_serialize(&record, key);
        SignalBuffer owned(record);
        const std::uint32_t id = session_pre_key_get_id(key);
        saved = store_->save_pre_key(id, view(record));
        created.push_back({id, raw_public_key(ec_key_pair_get_public(session_pre_key_get_key_pair(key)))});
    }
    signal_protocol_key_helper_key_list_free(head);
    if (!saved) return saved.error();
    if (auto s = store_->set_next_pre_key_id(wrapped_pre_key_id(start, count)); !s) return s.error();
    if (auto s = tx->commit(); !s) return s.error();
    return created;
}

Result<SignedPreKeyPublic> SignalAccount::rotate_signed_pre_key() {
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    auto stored = store_->load_local_identity();
    if (!stored) return stored.error();
    if (!stored->has_value()) return Error{"no_identity", "create the identity before rotating its signed pre-key"};
    const std::uint32_t previous = (*stored)->signed_pre_key_id;
    const std::uint32_t next = wrapped_pre_key_id(previous, 1);

    ratchet_identity_key_pair* pair = nullptr;
    if (int rc = signal_protocol_identity_get_key_pair(store_context_, &pair); rc != 0) {
        return failure(rc, "loading the identity key pair");
    }
    SignalRef<ratchet_identity_key_pair> owned_pair(pair);
    auto record = new_signed_pre_key_record(pair, next, context_->raw());
    if (!record) return record.error();
    if (auto s = store_->save_signed_pre_key(next, view(record->get())); !s) return s.error();
    if (auto s = store_->set_signed_pre_key_id(next); !s) return s.error();
    // Keep the previous key: peers may still be sending pkmsgs built on it. Anything older goes.
    if (auto s = store_->delete_signed_pre_keys_except(next, previous); !s) return s.error();
    auto published = signed_pre_key_from_record(view(record->get()), context_->raw());
    if (!published) return published.error();
    if (auto s = tx->commit(); !s) return s.error();
    return published;
}

Result<std::size_t> SignalAccount::pre_key_count(bool uploaded) {
    auto ids = store_->pre_key_ids(uploaded);
    if (!ids) return ids.error();
    return ids->size();
}

Status SignalAccount::mark_pre_keys_uploaded(const std::vector<std::uint32_t>& ids) {
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    if (auto s = store_->mark_pre_keys_uploaded(ids); !s) return s;
    return tx->commit();
}

Result<PreKeyBundle> SignalAccount::take_own_bundle() {
    auto identity = ensure_identity();
    if (!identity) return identity.error();
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    PreKeyBundle bundle{identity->registration_id, identity->identity_key, identity->signed_pre_key, std::nullopt};
    auto unused = store_->pre_key_ids(false);
    if (!unused) return unused.error();
    if (!unused->empty()) {
        const std::uint32_t id = unused->front();
        auto record = store_->load_pre_key_record(id);
        if (!record) return record.error();
        session_pre_key* key = nullptr;
        if (int rc = session_pre_key_deserialize(&key, (*record)->data(), (*record)->size(), context_->raw()); rc != 0) {
            return failure(rc, "reading a stored pre-key");
        }
        SignalRef<session_pre_key> owned(key);
        bundle.pre_key = PreKeyPublic{id, raw_public_key(ec_key_pair_get_public(session_pre_key_get_key_pair(key)))};
        if (auto s = store_->mark_pre_keys_uploaded({id}); !s) return s.error();
    }
    if (auto s = tx->commit(); !s) return s.error();
    return bundle;
}

}  // namespace wagw::wa::signal
