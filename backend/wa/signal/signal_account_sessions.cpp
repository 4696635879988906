// Pairwise sessions: X3DH from a pre-key bundle, then the Double Ratchet (pkmsg until the peer answers, msg after).
#include <protocol.h>
#include <session_builder.h>
#include <session_cipher.h>
#include <session_pre_key.h>
#include <signal_protocol.h>

#include "backend/wa/signal/key_forms.hpp"
#include "backend/wa/signal/signal_account.hpp"
#include "backend/wa/signal/signal_context.hpp"
#include "backend/wa/signal/signal_ref.hpp"
#include "backend/wa/signal/signal_store.hpp"

namespace wagw::wa::signal {
namespace {

struct SessionBuilderFree {
    void operator()(session_builder* b) const { session_builder_free(b); }
};
struct SessionCipherFree {
    void operator()(session_cipher* c) const { session_cipher_free(c); }
};

signal_protocol_address c_address(const Address& address) {
    return {address.name.c_str(), address.name.size(), address.device};
}

std::string describe(const Address& address) { return address.name + ":" + std::to_string(address.device); }

Result<SignalRef<ec_public_key>> decode_key(const PublicKey& key, signal_context* context, std::string_view what) {
    const SignalPublicKey typed = with_key_type(key);
    ec_public_key* decoded = nullptr;
    if (curve_decode_point(&decoded, typed.data(), typed.size(), context) != 0) {
        return Error{"invalid_key", std::string(what) + " is not a valid Curve25519 public key"};
    }
    return SignalRef<ec_public_key>(decoded);
}

}  // namespace

Status SignalAccount::build_session(const Address& peer, const PreKeyBundle& bundle) {
    auto identity = decode_key(bundle.identity_key, context_->raw(), "the bundle's identity key");
    if (!identity) return identity.error();
    auto signed_key = decode_key(bundle.signed_pre_key.key, context_->raw(), "the bundle's signed pre-key");
    if (!signed_key) return signed_key.error();
    SignalRef<ec_public_key> one_time;
    if (bundle.pre_key) {
        auto decoded = decode_key(bundle.pre_key->key, context_->raw(), "the bundle's pre-key");
        if (!decoded) return decoded.error();
        one_time = std::move(*decoded);
    }
    session_pre_key_bundle* raw_bundle = nullptr;
    if (int rc = session_pre_key_bundle_create(
            &raw_bundle, bundle.registration_id, peer.device, bundle.pre_key ? bundle.pre_key->id : 0, one_time.get(),
            bundle.signed_pre_key.id, signed_key->get(), bundle.signed_pre_key.signature.data(),
            bundle.signed_pre_key.signature.size(), identity->get());
        rc != 0) {
        return failure(rc, "reading the pre-key bundle of " + describe(peer));
    }
    SignalRef<session_pre_key_bundle> owned_bundle(raw_bundle);

    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    const signal_protocol_address address = c_address(peer);
    session_builder* raw_builder = nullptr;
    if (int rc = session_builder_create(&raw_builder, store_context_, &address, context_->raw()); rc != 0) {
        return failure(rc, "preparing a session with " + describe(peer));
    }
    std::unique_ptr<session_builder, SessionBuilderFree> builder(raw_builder);
    if (int rc = session_builder_process_pre_key_bundle(builder.get(), raw_bundle); rc != 0) {
        return failure(rc, "building a session with " + describe(peer));
    }
    return tx->commit();
}

Result<bool> SignalAccount::has_session(const Address& peer) {
    const signal_protocol_address address = c_address(peer);
    int found = signal_protocol_session_contains_session(store_context_, &address);
    if (found < 0) return failure(found, "looking up the session with " + describe(peer));
    return found == 1;
}

Result<Ciphertext> SignalAccount::encrypt(const Address& peer, std::span<const std::uint8_t> plaintext) {
    // libsignal would encrypt into an empty record and fail vaguely; say what is missing instead.
    auto known = has_session(peer);
    if (!known) return known.error();
    if (!*known) return failure(SG_ERR_NO_SESSION, "encrypting for " + describe(peer));
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    const signal_protocol_address address = c_address(peer);
    session_cipher* raw_cipher = nullptr;
    if (int rc = session_cipher_create(&raw_cipher, store_context_, &address, context_->raw()); rc != 0) {
        return failure(rc, "preparing to encrypt for " + describe(peer));
    }
    std::unique_ptr<session_cipher, SessionCipherFree> cipher(raw_cipher);
    ciphertext_message* message = nullptr;
    if (int rc = session_cipher_encrypt(cipher.get(), plaintext.data(), plaintext.size(), &message); rc != 0) {
        return failure(rc, "encrypting for " + describe(peer));
    }
    SignalRef<ciphertext_message> owned(message);
    const int type = ciphertext_message_get_type(message);
    // libsignal-protocol-c numbers an ordinary message 2 (node says 1); both say 3 for a pre-key message.
    Ciphertext out{type == CIPHERTEXT_PREKEY_TYPE ? CiphertextKind::PreKeyMessage : CiphertextKind::Message,
                   copy_of(ciphertext_message_get_serialized(message))};
    if (auto s = tx->commit(); !s) return s.error();
    return out;
}

Result<Bytes> SignalAccount::decrypt(const Address& peer, const Ciphertext& ciphertext) {
    const std::string who = describe(peer);
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    const signal_protocol_address address = c_address(peer);
    session_cipher* raw_cipher = nullptr;
    if (int rc = session_cipher_create(&raw_cipher, store_context_, &address, context_->raw()); rc != 0) {
        return failure(rc, "preparing to decrypt from " + who);
    }
    std::unique_ptr<session_cipher, SessionCipherFree> cipher(raw_cipher);
    signal_buffer* plaintext = nullptr;
    if (ciphertext.kind == CiphertextKind::PreKeyMessage) {
        pre_key_signal_message* message = nullptr;
        if (int rc = pre_key_signal_message_deserialize(&message, ciphertext.bytes.data(), ciphertext.bytes.size(),
                                                        context_->raw());
            rc != 0) {
            return failure(rc, "reading a pkmsg from " + who);
        }
        SignalRef<pre_key_signal_message> owned(message);
        if (int rc = session_cipher_decrypt_pre_key_signal_message(cipher.get(), message, nullptr, &plaintext); rc != 0) {
            return failure(rc, "decrypting a pkmsg from " + who);
        }
    } else {
        signal_message* message = nullptr;
        if (int rc = signal_message_deserialize(&message, ciphertext.bytes.data(), ciphertext.bytes.size(),
                                                context_->raw());
            rc != 0) {
            return failure(rc, "reading a msg from " + who);
        }
        SignalRef<signal_message> owned(message);
        if (int rc = session_cipher_decrypt_signal_message(cipher.get(), message, nullptr, &plaintext); rc != 0) {
            return failure(rc, "decrypting a msg from " + who);
        }
    }
    SignalBuffer owned_plaintext(plaintext);
    // Only a message that decrypted advances the stored ratchet; every failure above rolled back.
    if (auto s = tx->commit(); !s) return s.error();
    return copy_of(plaintext);
}

}  // namespace wagw::wa::signal
