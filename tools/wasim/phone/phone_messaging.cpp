#include "tools/wasim/phone/phone_messaging.hpp"

#include <ctime>
#include <iostream>

#include "backend/wa/message/message_codec.hpp"
#include "backend/wa/signal/padding.hpp"
#include "backend/wa/stanza/message_id.hpp"
#include "backend/wa/stanza/message_stanza.hpp"
#include "tools/wasim/handlers/delivery.hpp"
#include "tools/wasim/handlers/stanzas.hpp"
#include "tools/wasim/phone/phone_keyring.hpp"
#include "tools/wasim/state/root_key_file.hpp"

namespace wagw::wasim {
namespace {

namespace message = wa::message;

Result<signal::Address> address_of(const binary::Jid& device) {
    const auto domain = device.server == binary::servers::kLid ? signal::AccountDomain::Lid
                                                               : signal::AccountDomain::PhoneNumber;
    return signal::address_for(device.user, domain, device.device.value_or(0));
}

Result<signal::SignalAccount*> phone_signal(SimulatorContext& context, Account& phone) {
    if (!context.phone_keyring) return Error{"no_keyring", "this simulator runs without virtual phone identities"};
    return context.phone_keyring->phone_of(phone);
}

// What the inbox says about decrypted content.
void describe(const message::DecodedMessage& decoded, PhoneInboxEntry& entry) {
    entry.kind = message::content_kind(decoded.content);
    std::visit(
        [&](const auto& content) {
            using T = std::decay_t<decltype(content)>;
            if constexpr (std::is_same_v<T, message::Text>) entry.text = content.text;
            if constexpr (std::is_same_v<T, message::Media>) {
                entry.text = content.caption;
                entry.media_sha256 = to_hex(content.file_sha256);
            }
            if constexpr (std::is_same_v<T, message::Reaction>) {
                entry.text = content.emoji;
                entry.target_id = content.target.id;
            }
            if constexpr (std::is_same_v<T, message::Edit>) {
                entry.text = content.text;
                entry.target_id = content.target.id;
            }
            if constexpr (std::is_same_v<T, message::Revoke>) entry.target_id = content.target.id;
        },
        decoded.content);
    if (decoded.device_sent_to) entry.kind = "own:" + entry.kind;
}

Result<message::DecodedMessage> decrypt(signal::SignalAccount& phone, const binary::Jid& from, const binary::Node& enc) {
    auto kind = signal::ciphertext_kind_from_wire(text(enc, "type"));
    if (!kind) return kind.error();
    if (!enc.bytes()) return Error{"bad_stanza", "an <enc> without ciphertext"};
    auto address = address_of(from);
    if (!address) return address.error();
    auto padded = phone.decrypt(*address, {*kind, *enc.bytes()});
    if (!padded) return padded.error();
    auto plain = signal::unpad_message(*padded);
    if (!plain) return plain.error();
    return message::decode_message(*plain);
}

// A receipt from the phone, routed to every device of `target` (the message's sender), the way a companion's
// receipt is routed (handlers/messages.cpp).
void send_receipt(SimulatorContext& context, const Account& phone, const Account& target, const std::string& id,
                  const std::string& type) {
    binary::Node receipt{"receipt", {{"from", pn_device_jid(phone.phone, 0)}, {"id", id}, {"t", unix_now_text()}}, {}};
    if (!type.empty()) receipt.attrs.push_back({"type", type});
    for (const auto& [device_id, device] : target.companions)
        if (!device.removed) deliver_to_device(context, target, device_id, receipt);
}

std::string message_type(const message::Content& content) {
    if (std::holds_alternative<message::Reaction>(content)) return "reaction";
    if (std::holds_alternative<message::Media>(content)) return "media";
    return "text";
}

// Pairwise ciphertext for one device, starting a session from its published bundle when there is none.
Result<signal::Ciphertext> encrypt_for(signal::SignalAccount& phone, const Account& to, std::uint16_t device,
                                       DeviceKeys& keys, std::span<const std::uint8_t> padded) {
    auto address = signal::address_for(to.lid, signal::AccountDomain::Lid, device);
    if (!address) return address.error();
    auto has_session = phone.has_session(*address);
    if (!has_session) return has_session.error();
    if (!*has_session) {
        signal::PreKeyBundle bundle{keys.registration_id, keys.identity, {}, std::nullopt};
        bundle.signed_pre_key.id = keys.signed_pre_key->id;
        bundle.signed_pre_key.key = keys.signed_pre_key->public_key;
        if (keys.signed_pre_key->signature.size() != bundle.signed_pre_key.signature.size())
            return Error{"bad_bundle", "a published signed pre-key without a 64-byte signature"};
        std::copy(keys.signed_pre_key->signature.begin(), keys.signed_pre_key->signature.end(),
                  bundle.signed_pre_key.signature.begin());
        if (!keys.one_time_pre_keys.empty()) {  // consumed, as a bundle fetch would
            auto first = keys.one_time_pre_keys.begin();
            bundle.pre_key = signal::PreKeyPublic{first->first, first->second};
            keys.one_time_pre_keys.erase(first);
        }
        if (auto built = phone.build_session(*address, bundle); !built) return built.error();
    }
    return phone.encrypt(*address, padded);
}

// One device's copy of a message from the phone: encrypted for that device and delivered from the address the
// device filed its session with the phone under: the PN if it fetched the phone's bundle by PN (the conversation
// was opened by PN), else the LID (also when the phone starts the session: its pkmsg from the LID files it there).
Status send_copy(SimulatorContext& context, signal::SignalAccount& signal_account, const Account& phone, Account& to,
                 std::uint16_t device, DeviceKeys& keys, std::span<const std::uint8_t> padded,
                 wa::stanza::DeliveredMessage delivered) {
    auto ciphertext = encrypt_for(signal_account, to, device, keys, padded);
    if (!ciphertext) return ciphertext.error();
    delivered.encs = {{std::string(signal::wire_name(ciphertext->kind)), "", std::move(ciphertext->bytes), 2}};
    const bool by_pn = phone.pn_addressed_by.contains(to.phone + ":" + std::to_string(device));
    delivered.from = by_pn ? pn_device_jid(phone.phone, 0) : lid_device_jid(phone.lid, 0);
    if (by_pn) delivered.sender_lid = lid_jid(phone.lid);
    else delivered.sender_pn = pn_jid(phone.phone);
    binary::Node node = wa::stanza::build_delivered_message(delivered);
    node.attrs.push_back({"addressing_mode", std::string(by_pn ? "pn" : "lid")});
    deliver_to_device(context, to, device, std::move(node));
    context.stats.messages_routed++;
    return ok_status();
}

// What a real phone does with every message it sends: a copy for each of its own companions, wrapped as a
// deviceSentMessage for `chat` and delivered with recipient=`chat`, so that they show it as the account's own
// message in that chat (protocol.md §7.4, §7.6). The peer already has the message: a companion that cannot be
// reached (no keys, a broken session) misses its copy, as it would miss one from a real phone, and the send
// still succeeds.
void send_device_sent_copies(SimulatorContext& context, signal::SignalAccount& signal_account, Account& phone,
                             const binary::Jid& chat, std::span<const std::uint8_t> plain,
                             wa::stanza::DeliveredMessage delivered) {
    auto wrapped = message::wrap_device_sent(plain, chat.to_string());
    if (!wrapped) {
        std::cerr << "wasim: phone " << phone.phone << " cannot wrap its own copy: " << wrapped.error().message
                  << std::endl;
        return;
    }
    const auto padded = signal::pad_message(*wrapped);
    delivered.recipient = chat;
    bool any = false;
    for (auto& [device_id, device] : phone.companions) {
        if (device.removed || !device.keys.signed_pre_key) continue;
        if (auto copied = send_copy(context, signal_account, phone, phone, device_id, device.keys, padded, delivered);
            !copied)
            std::cerr << "wasim: phone " << phone.phone << " cannot copy " << delivered.id << " to its device "
                      << device_id << ": " << copied.error().message << std::endl;
        any = true;
    }
    if (any) context.account_changed(phone);  // one-time pre-keys of its companions may have been consumed
}

}  // namespace

void phone_receive(SimulatorContext& context, Account& phone, const binary::Node& node) {
    if (node.tag != "message") return;
    PhoneInboxEntry entry{text(node, "id"), text(node, "from"), text(node, "type"), "",
                          static_cast<std::uint64_t>(std::time(nullptr))};
    const binary::Node* enc = node.child("enc");
    const binary::Jid* from = node.attr_jid("from");
    if (enc) entry.enc_type = text(*enc, "type");
    Account* sender = from ? context.accounts.find_by_user(from->user, from->server) : nullptr;
    if (sender) entry.from_phone = sender->phone;
    if (enc && from && (entry.enc_type == "pkmsg" || entry.enc_type == "msg")) {
        auto signal_account = phone_signal(context, phone);
        auto decoded = signal_account ? decrypt(**signal_account, *from, *enc)
                                      : Result<message::DecodedMessage>(signal_account.error());
        if (decoded) {
            entry.decrypted = true;
            if (decoded->has_content) describe(*decoded, entry);
        } else {
            entry.error = decoded.error().code;
            std::cerr << "wasim: phone " << phone.phone << " cannot decrypt " << entry.id << ": "
                      << decoded.error().message << std::endl;
        }
    }
    const std::string id = entry.id;
    if (!context.phone_inbox.add(phone.phone, std::move(entry))) context.stats.duplicates_by_id++;
    // A duplicate is receipted again, as a phone does: the sender may have missed the first receipt.
    // Copies of the account's own messages (from its companions) get no delivery receipt from the phone.
    if (sender && sender != &phone) send_receipt(context, phone, *sender, id, "");
}

Result<std::string> phone_send(SimulatorContext& context, Account& phone, std::string_view to_phone,
                               const message::Content& content) {
    Account* to = context.accounts.find_by_phone(to_phone);
    if (!to) return Error{"not_found", "no account with phone " + std::string(to_phone)};
    auto signal_account = phone_signal(context, phone);
    if (!signal_account) return signal_account.error();
    auto plain = message::encode_message(content);
    if (!plain) return plain.error();
    const auto padded = signal::pad_message(*plain);

    wa::stanza::DeliveredMessage delivered;
    delivered.id = wa::stanza::new_message_id(phone.phone);
    delivered.type = message_type(content);
    delivered.timestamp = static_cast<std::int64_t>(std::time(nullptr));
    delivered.push_name = phone.push_name;
    std::size_t sent = 0;
    for (auto& [device_id, device] : to->companions) {
        if (device.removed || !device.keys.signed_pre_key) continue;
        if (auto copied = send_copy(context, **signal_account, phone, *to, device_id, device.keys, padded, delivered);
            !copied)
            return copied.error();
        ++sent;
    }
    context.account_changed(*to);  // one-time pre-keys were consumed
    if (sent == 0) return Error{"no_devices", "no device of " + to->phone + " has published keys"};
    // A message to oneself already went to every companion above.
    if (to != &phone) send_device_sent_copies(context, **signal_account, phone, pn_jid(to->phone), *plain, delivered);
    return delivered.id;
}

Status phone_send_to_own_device(SimulatorContext& context, Account& phone, std::uint16_t device,
                                std::span<const std::uint8_t> message_bytes) {
    CompanionDevice* companion = phone.active_companion(device);
    if (!companion || !companion->keys.signed_pre_key)
        return Error{"no_devices", "device " + std::to_string(device) + " of " + phone.phone + " has no keys"};
    auto signal_account = phone_signal(context, phone);
    if (!signal_account) return signal_account.error();
    const auto padded = signal::pad_message(message_bytes);
    auto ciphertext = encrypt_for(**signal_account, phone, device, companion->keys, padded);
    if (!ciphertext) return ciphertext.error();

    wa::stanza::DeliveredMessage delivered;
    delivered.id = wa::stanza::new_message_id(phone.phone);
    delivered.from = lid_device_jid(phone.lid, 0);
    delivered.type = "protocol";
    delivered.timestamp = static_cast<std::int64_t>(std::time(nullptr));
    delivered.push_name = phone.push_name;
    delivered.sender_pn = pn_jid(phone.phone);
    delivered.encs = {{std::string(signal::wire_name(ciphertext->kind)), "", std::move(ciphertext->bytes), 2}};
    binary::Node node = wa::stanza::build_delivered_message(delivered);
    node.attrs.push_back({"addressing_mode", std::string("lid")});
    node.attrs.push_back({"category", std::string("peer")});
    deliver_to_device(context, phone, device, std::move(node));
    context.account_changed(phone);  // a one-time pre-key of the companion may have been consumed
    return Done{};
}

Status phone_mark_read(SimulatorContext& context, Account& phone, const std::vector<std::string>& ids) {
    const auto& entries = context.phone_inbox.entries(phone.phone);
    for (const std::string& id : ids) {
        auto it = std::find_if(entries.begin(), entries.end(), [&](const PhoneInboxEntry& e) { return e.id == id; });
        if (it == entries.end()) return Error{"not_found", "the phone received no message " + id};
        const Account* sender = context.accounts.find_by_phone(it->from_phone);
        if (sender && sender != &phone) send_receipt(context, phone, *sender, id, "read");
    }
    return Done{};
}

}  // namespace wagw::wasim
