// Retry receipts (protocol notes §7.7; Baileys' sendRetryRequest / sendMessagesAgain). When we cannot decrypt a
// message we ask its sender for it again, from the second attempt on with fresh keys (a one-time pre-key, the
// signed pre-key, our identity and device identity) from which the sender builds a new session. When a peer
// device asks us, we rebuild our session with it (from the keys in its receipt, or from a freshly fetched
// bundle) and re-encrypt the message, kept in MessageLog, for that device only, with the same id; a group
// member gets it pairwise together with our sender key.
#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/message/message_codec.hpp"
#include "backend/wa/signal/padding.hpp"
#include "backend/wa/stanza/message_stanza.hpp"
#include "backend/wa/stanza/retry_stanza.hpp"

namespace wagw::wa::client {
namespace {

// Beyond this many attempts for one message (or one message and device) we give up, as Baileys does.
constexpr int kMaxRetries = 5;
// The counters are a short-lived memory: cleared when they grow past this, which only forgets old attempts.
constexpr std::size_t kMaxRetryCounters = 2000;

template <typename Key>
int bump(std::map<Key, int>& counters, const Key& key) {
    if (counters.size() >= kMaxRetryCounters) counters.clear();
    return ++counters[key];
}

}  // namespace

bool WaClient::request_retry(const stanza::DeliveredMessage& delivered, const binary::Jid& sender,
                             const std::string& why) {
    const int count = bump(retry_requests_, delivered.id + "|" + sender.to_string());
    if (count > kMaxRetries) return false;
    stanza::RetryReceipt receipt;
    receipt.id = delivered.id;
    receipt.peer = delivered.from;
    receipt.participant = delivered.participant;
    receipt.recipient = delivered.recipient;
    receipt.count = count;
    receipt.message_timestamp = std::to_string(delivered.timestamp);
    receipt.registration_id = identity_.registration_id;
    if (count > 1) {
        // The sender's session with us evidently does not work: give it what a new one needs.
        auto pre_keys = signal_->generate_pre_keys(1);
        if (pre_keys && !pre_keys->empty()) {
            const signal::PreKeyPublic& key = pre_keys->front();
            const signal::SignedPreKeyPublic& signed_key = identity_.signed_pre_key;
            stanza::RetryKeys keys;
            keys.identity.assign(identity_.identity_key.begin(), identity_.identity_key.end());
            keys.pre_key_id = key.id;
            keys.pre_key.assign(key.key.begin(), key.key.end());
            keys.signed_pre_key_id = signed_key.id;
            keys.signed_pre_key.assign(signed_key.key.begin(), signed_key.key.end());
            keys.signed_pre_key_signature.assign(signed_key.signature.begin(), signed_key.signature.end());
            keys.device_identity = device_.account_identity;
            receipt.keys = std::move(keys);
        }
    }
    if (auto sent = send_node(stanza::build_retry_receipt(receipt, stanza::Direction::ToServer)); !sent) return false;
    emit(MessageUndecryptable{delivered.id, sender.to_string(), why, count});
    return true;
}

void WaClient::on_retry_receipt(const binary::Node& node) {
    auto receipt = stanza::parse_retry_receipt(node, stanza::Direction::FromServer);
    if (!receipt) return;
    const bool group = receipt->peer.server == "g.us";
    // The device asking: in a group the participant, else the sender of the receipt.
    if (group && !receipt->participant) return;
    const binary::Jid device = group ? *receipt->participant : receipt->peer;
    // A device asking that our cached list of its user lacks: the list is stale, the next send asks the server.
    forget_stale_devices(device);
    auto address = session_address(device);
    if (!address) return;
    const std::string key_holder = address->name + "." + std::to_string(address->device);
    // Whatever happens below, that member no longer counts as holding our sender key.
    if (group) (void)sender_keys_sent_->forget_device(receipt->peer.to_string(), key_holder);
    if (bump(resend_counts_, receipt->id + "|" + device.to_string()) > kMaxRetries) return;
    auto record = message_log_->find_sent(receipt->id);
    if (!record || !*record) return;  // not ours, or too old to remember
    auto own = binary::parse_jid(device_.jid);
    auto own_lid = binary::parse_jid(device_.lid);
    const bool own_device = (own && own->user == device.user) || (own_lid && own_lid->user == device.user);

    auto resend = [self = shared_from_this(), receipt = *receipt, record = std::move(**record), address = *address,
                   device, own_device, group, key_holder]() {
        auto chat = binary::parse_jid(record.chat);
        if (!chat) return;
        std::vector<std::uint8_t> plain = record.message;
        if (group) {
            // Our sender key travels with the message: two serialized Messages concatenated parse as one
            // Message holding both fields (protobuf merge), so the member gets the key and the content at once.
            auto me = self->own_sender_key_address();
            if (!me) return;
            auto distribution = self->signal_->sender_key_distribution(record.chat, *me);
            if (!distribution) return;
            auto skdm = message::encode_sender_key_distribution({record.chat, *distribution});
            if (!skdm) return;
            plain = std::move(*skdm);
            plain.insert(plain.end(), record.message.begin(), record.message.end());
        } else if (own_device) {
            auto wrapped = message::wrap_device_sent(record.message, record.chat);
            if (!wrapped) return;
            plain = std::move(*wrapped);
        }
        auto sealed = self->signal_->encrypt(address, signal::pad_message(plain));
        if (!sealed) return;
        const stanza::EncPayload enc{std::string(signal::wire_name(sealed->kind)), "", sealed->bytes, 2};
        const bool pre_key = sealed->kind == signal::CiphertextKind::PreKeyMessage;
        Status sent = ok_status();
        if (group) {
            // A group stanza with only this member's pairwise copy: the server delivers it to that device alone.
            stanza::OutgoingMessage out;
            out.id = receipt.id;
            out.to = *chat;
            out.type = record.type;
            out.edit = record.edit;
            out.participants.push_back(stanza::DeviceEnc{device, enc});
            if (pre_key) out.device_identity = self->device_.account_identity;
            sent = self->send_node(stanza::build_message_stanza(out));
            if (sent) (void)self->sender_keys_sent_->remember(record.chat, {key_holder});
        } else {
            stanza::RetryResend out;
            out.id = receipt.id;
            out.device = device;
            if (own_device) out.recipient = *chat;
            out.type = record.type;
            out.edit = record.edit;
            out.enc = enc;
            out.count = receipt.count;
            if (pre_key) out.device_identity = self->device_.account_identity;
            sent = self->send_node(stanza::build_retry_resend(out));
        }
        if (sent) self->emit(MessageResent{receipt.id, device.to_string(), receipt.count});
    };

    // A new session either way: from the keys the device sent, else from a bundle the server hands out.
    if (receipt->keys) {
        const stanza::RetryKeys& keys = *receipt->keys;
        signal::PreKeyBundle bundle;
        bundle.registration_id = receipt->registration_id;
        std::copy(keys.identity.begin(), keys.identity.end(), bundle.identity_key.begin());
        bundle.signed_pre_key.id = keys.signed_pre_key_id;
        std::copy(keys.signed_pre_key.begin(), keys.signed_pre_key.end(), bundle.signed_pre_key.key.begin());
        std::copy(keys.signed_pre_key_signature.begin(), keys.signed_pre_key_signature.end(),
                  bundle.signed_pre_key.signature.begin());
        signal::PreKeyPublic pre_key;
        pre_key.id = keys.pre_key_id;
        std::copy(keys.pre_key.begin(), keys.pre_key.end(), pre_key.key.begin());
        bundle.pre_key = pre_key;
        if (signal_->build_session(*address, bundle)) return resend();
    }
    fetch_sessions({Recipient{device, *address, own_device}}, true, [resend](Status fetched) {
        if (fetched) resend();
    });
}

}  // namespace wagw::wa::client
