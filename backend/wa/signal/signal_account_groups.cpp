// Group messages: each sender has a sender key per group, handed to members in a SenderKeyDistributionMessage
// (inside a pairwise message), then used for skmsg ciphertexts that every member decrypts with that key.
#include <group_cipher.h>
#include <group_session_builder.h>
#include <protocol.h>
#include <signal_protocol.h>

#include "backend/wa/signal/signal_account.hpp"
#include "backend/wa/signal/signal_context.hpp"
#include "backend/wa/signal/signal_ref.hpp"
#include "backend/wa/signal/signal_store.hpp"

namespace wagw::wa::signal {
namespace {

struct GroupBuilderFree {
    void operator()(group_session_builder* b) const { group_session_builder_free(b); }
};
struct GroupCipherFree {
    void operator()(group_cipher* c) const { group_cipher_free(c); }
};

signal_protocol_sender_key_name key_name(std::string_view group, const Address& sender) {
    return {group.data(), group.size(), {sender.name.c_str(), sender.name.size(), sender.device}};
}

std::string describe(std::string_view group, const Address& sender) {
    return std::string(group) + " from " + sender.name + ":" + std::to_string(sender.device);
}

}  // namespace

Result<Bytes> SignalAccount::sender_key_distribution(std::string_view group, const Address& self) {
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    group_session_builder* raw_builder = nullptr;
    if (int rc = group_session_builder_create(&raw_builder, store_context_, context_->raw()); rc != 0) {
        return failure(rc, "preparing the sender key for " + std::string(group));
    }
    std::unique_ptr<group_session_builder, GroupBuilderFree> builder(raw_builder);
    const signal_protocol_sender_key_name name = key_name(group, self);
    sender_key_distribution_message* distribution = nullptr;
    if (int rc = group_session_builder_create_session(builder.get(), &distribution, &name); rc != 0) {
        return failure(rc, "creating the sender key for " + std::string(group));
    }
    SignalRef<sender_key_distribution_message> owned(distribution);
    Bytes serialized = copy_of(ciphertext_message_get_serialized(reinterpret_cast<ciphertext_message*>(distribution)));
    if (auto s = tx->commit(); !s) return s.error();
    return serialized;
}

Status SignalAccount::process_sender_key_distribution(std::string_view group, const Address& sender,
                                                      std::span<const std::uint8_t> distribution) {
    sender_key_distribution_message* message = nullptr;
    if (int rc = sender_key_distribution_message_deserialize(&message, distribution.data(), distribution.size(),
                                                             context_->raw());
        rc != 0) {
        return failure(rc, "reading the sender key for " + describe(group, sender));
    }
    SignalRef<sender_key_distribution_message> owned(message);
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    group_session_builder* raw_builder = nullptr;
    if (int rc = group_session_builder_create(&raw_builder, store_context_, context_->raw()); rc != 0) {
        return failure(rc, "preparing the sender key for " + describe(group, sender));
    }
    std::unique_ptr<group_session_builder, GroupBuilderFree> builder(raw_builder);
    const signal_protocol_sender_key_name name = key_name(group, sender);
    if (int rc = group_session_builder_process_session(builder.get(), &name, message); rc != 0) {
        return failure(rc, "storing the sender key for " + describe(group, sender));
    }
    return tx->commit();
}

Result<Bytes> SignalAccount::group_encrypt(std::string_view group, const Address& self,
                                           std::span<const std::uint8_t> plaintext) {
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    const signal_protocol_sender_key_name name = key_name(group, self);
    group_cipher* raw_cipher = nullptr;
    if (int rc = group_cipher_create(&raw_cipher, store_context_, &name, context_->raw()); rc != 0) {
        return failure(rc, "preparing to encrypt for " + std::string(group));
    }
    std::unique_ptr<group_cipher, GroupCipherFree> cipher(raw_cipher);
    ciphertext_message* message = nullptr;
    if (int rc = group_cipher_encrypt(cipher.get(), plaintext.data(), plaintext.size(), &message); rc != 0) {
        return failure(rc, "encrypting for " + std::string(group));
    }
    SignalRef<ciphertext_message> owned(message);
    Bytes serialized = copy_of(ciphertext_message_get_serialized(message));
    if (auto s = tx->commit(); !s) return s.error();
    return serialized;
}

Result<Bytes> SignalAccount::group_decrypt(std::string_view group, const Address& sender,
                                           std::span<const std::uint8_t> ciphertext) {
    sender_key_message* message = nullptr;
    if (int rc = sender_key_message_deserialize(&message, ciphertext.data(), ciphertext.size(), context_->raw());
        rc != 0) {
        return failure(rc, "reading a group message in " + describe(group, sender));
    }
    SignalRef<sender_key_message> owned(message);
    auto tx = store::Transaction::begin(*db_);
    if (!tx) return tx.error();
    const signal_protocol_sender_key_name name = key_name(group, sender);
    group_cipher* raw_cipher = nullptr;
    if (int rc = group_cipher_create(&raw_cipher, store_context_, &name, context_->raw()); rc != 0) {
        return failure(rc, "preparing to decrypt in " + describe(group, sender));
    }
    std::unique_ptr<group_cipher, GroupCipherFree> cipher(raw_cipher);
    signal_buffer* plaintext = nullptr;
    if (int rc = group_cipher_decrypt(cipher.get(), message, nullptr, &plaintext); rc != 0) {
        return failure(rc, "decrypting a group message in " + describe(group, sender));
    }
    SignalBuffer owned_plaintext(plaintext);
    if (auto s = tx->commit(); !s) return s.error();
    return copy_of(plaintext);
}

}  // namespace wagw::wa::signal
