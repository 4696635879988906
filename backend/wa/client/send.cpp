// Sending a 1:1 message of any kind (protocol notes §7.3-7.6): the recipient's and our own device lists (cached,
// else a usync), pre-key bundles for devices without a session, one Signal copy per device (our own devices get the
// device-sent wrapper), <device-identity> when any copy is a pkmsg, then wait for the server's ack.
#include <asio/post.hpp>

#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/message/message_codec.hpp"
#include "backend/wa/signal/padding.hpp"
#include "backend/wa/stanza/message_id.hpp"
#include "backend/wa/stanza/message_stanza.hpp"

namespace wagw::wa::client {
namespace {

Result<binary::Jid> user_jid(const std::string& to) {
    if (!to.empty() && to.find_first_not_of("0123456789") == std::string::npos) {
        return binary::Jid{to, "s.whatsapp.net", std::nullopt, 0, 0};
    }
    std::string digits = to;
    if (!digits.empty() && digits.front() == '+') digits.erase(0, 1);
    if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos) {
        return binary::Jid{digits, "s.whatsapp.net", std::nullopt, 0, 0};
    }
    auto jid = binary::parse_jid(to);
    if (!jid) return jid.error();
    if (jid->server != "s.whatsapp.net" && jid->server != "lid") {
        return Error{"bad_recipient",
                     "only users (s.whatsapp.net or lid) can be sent 1:1 messages, not " + to};
    }
    return jid->without_device();
}

Result<signal::PreKeyBundle> bundle_from(const binary::Node& user) {
    auto bytes_of = [](const binary::Node* node) { return node ? content_bytes(*node) : binary::Bytes{}; };
    auto number = [](const binary::Bytes& bytes) {
        std::uint32_t value = 0;
        for (auto b : bytes) value = (value << 8) | b;
        return value;
    };
    const binary::Node* skey = user.child("skey");
    binary::Bytes registration = bytes_of(user.child("registration"));
    binary::Bytes identity = bytes_of(user.child("identity"));
    if (skey == nullptr || registration.size() != 4 || identity.size() != 32) {
        return Error{"bad_bundle", "the pre-key bundle lacks registration, identity or signed pre-key"};
    }
    binary::Bytes skey_value = bytes_of(skey->child("value"));
    binary::Bytes skey_signature = bytes_of(skey->child("signature"));
    if (skey_value.size() != 32 || skey_signature.size() != 64)
        return Error{"bad_bundle", "malformed signed pre-key"};
    signal::PreKeyBundle bundle;
    bundle.registration_id = number(registration);
    std::copy(identity.begin(), identity.end(), bundle.identity_key.begin());
    bundle.signed_pre_key.id = number(bytes_of(skey->child("id")));
    std::copy(skey_value.begin(), skey_value.end(), bundle.signed_pre_key.key.begin());
    std::copy(skey_signature.begin(), skey_signature.end(), bundle.signed_pre_key.signature.begin());
    if (const binary::Node* key = user.child("key")) {
        binary::Bytes value = bytes_of(key->child("value"));
        if (value.size() == 32) {
            signal::PreKeyPublic pre_key;
            pre_key.id = number(bytes_of(key->child("id")));
            std::copy(value.begin(), value.end(), pre_key.key.begin());
            bundle.pre_key = pre_key;
        }
    }
    return bundle;
}

}  // namespace

// The stanza's type and edit attributes follow the content, as the server and peers expect them (Baileys'
// getMessageType / getEditAttribute): reactions, polls and media have their own types; edits and revokes
// say so in `edit`.
Result<WaClient::OutgoingContent> WaClient::outgoing_content(const message::Content& content) {
    auto encoded = message::encode_message(content);
    if (!encoded) return encoded.error();
    OutgoingContent outgoing;
    outgoing.message = std::move(*encoded);
    outgoing.type = "text";
    if (const auto* media = std::get_if<message::Media>(&content)) {
        if (media->url.empty() || media->direct_path.empty() || media->media_key.empty())
            return Error{"media_not_uploaded", "media must be uploaded first (send_media or upload_media)"};
        outgoing.type = "media";
    } else if (std::holds_alternative<message::Reaction>(content)) {
        outgoing.type = "reaction";
    } else if (std::holds_alternative<message::Poll>(content)) {
        outgoing.type = "poll";
    } else if (std::holds_alternative<message::Edit>(content)) {
        outgoing.edit = "1";
    } else if (std::holds_alternative<message::Revoke>(content)) {
        outgoing.edit = "7";
    } else if (std::holds_alternative<message::Unsupported>(content)) {
        return Error{"unsupported_content", "this kind of message cannot be sent"};
    }
    return outgoing;
}

// Sessions are keyed by the LID device when we know the user's LID (as Baileys and whatsmeow do), so a
// peer that writes from its LID and one we wrote to by phone number share one session.
Result<signal::Address> WaClient::session_address(const binary::Jid& device) {
    binary::Jid key = device;
    if (device.server == "s.whatsapp.net") {
        if (auto lid = lid_for_pn_.find(device.user); lid != lid_for_pn_.end()) {
            key = binary::Jid{lid->second.user, "lid", device.device, 0, 0};
        }
    }
    auto domain = key.server == "lid" ? signal::AccountDomain::Lid : signal::AccountDomain::PhoneNumber;
    return signal::address_for(key.user, domain, key.device.value_or(0));
}

// Remembered in memory and in SQLite, so sessions keyed by LID are found again after a restart.
void WaClient::learn_lid(const std::string& pn_user, const binary::Jid& lid) {
    binary::Jid user = lid.without_device();
    auto [entry, added] = lid_for_pn_.try_emplace(pn_user, user);
    if (!added && entry->second == user) return;
    entry->second = user;
    (void)devices_->save_lid(options_.account, pn_user, user.user);
}

// Under the sender's user and, when the stanza names it, its phone number's, so either finds it.
void WaClient::remember_push_name(const binary::Jid& sender, const std::optional<binary::Jid>& sender_pn,
                                  const std::string& push_name) {
    if (push_name.empty()) return;
    for (const std::string& user : {sender.user, sender_pn ? sender_pn->user : std::string()}) {
        if (user.empty()) continue;
        auto [entry, added] = push_names_.try_emplace(user, push_name);
        if (!added && entry->second == push_name) continue;
        entry->second = push_name;
        (void)devices_->save_contact_push_name(options_.account, user, push_name);
    }
}

std::string WaClient::push_name_of(const std::string& user) const {
    if (auto it = push_names_.find(user); it != push_names_.end()) return it->second;
    // A phone number whose messages came from its LID.
    if (auto lid = lid_for_pn_.find(user); lid != lid_for_pn_.end())
        if (auto it = push_names_.find(lid->second.user); it != push_names_.end()) return it->second;
    return {};
}

void WaClient::send_text(std::string to, std::string text, SentCallback done) {
    message::Text content;
    content.text = std::move(text);
    send(std::move(to), message::Content{std::move(content)}, std::move(done));
}

void WaClient::send(std::string to, message::Content content, SentCallback done, std::string id) {
    asio::post(strand_, [self = shared_from_this(), to = std::move(to), content = std::move(content),
                         done = std::move(done), id = std::move(id)]() mutable {
        if (!id.empty() && !stanza::is_outgoing_message_id(id))
            return done(Error{"bad_message_id", "a message id to send must be 3EB0 and 16 to 20 upper-case hex digits"});
        if (!self->running_) return done(Error{"not_connected", "the client is not running (start() it first)"});
        auto own = binary::parse_jid(self->device_.jid);
        if (!own) return done(Error{"not_linked", "the client is not linked to an account"});
        // The id is fixed here (or by the caller), so every later attempt (after a reconnect, or for a retry
        // receipt) reuses it.
        if (id.empty()) id = stanza::new_message_id(own->user);
        self->queue_send(QueuedSend{std::move(id), std::move(to), std::move(content), std::move(done)});
    });
}

// One attempt at a queued send: device lists, missing sessions, per-device copies, then the stanza joins the
// messages waiting for the server's ack. Until that point a lost connection puts the job back in the queue.
void WaClient::run_send(QueuedSend job) {
    auto shared_job = std::make_shared<QueuedSend>(std::move(job));
    SentCallback done = [self = shared_from_this(), shared_job](Result<SentMessage> outcome) {
        // The connection went away before the stanza was built: start over after the next login.
        if (!outcome && self->running_ &&
            (outcome.error().code == "disconnected" || outcome.error().code == "not_connected")) {
            self->waiting_sends_.push_back(std::move(*shared_job));
            return;
        }
        shared_job->done(std::move(outcome));
    };
    const std::string& id = shared_job->id;
    const std::string& to = shared_job->to;
    auto outgoing = outgoing_content(shared_job->content);
    if (!outgoing) return done(outgoing.error());
    outgoing->id = id;
    if (to.size() > 5 && to.ends_with("@g.us")) {
        auto group = binary::parse_jid(to);
        if (!group) return done(group.error());
        (void)message_log_->remember_sent(SentRecord{id, group->to_string(), outgoing->message, outgoing->type,
                                                     outgoing->edit, 0});
        return send_group(*group, std::move(*outgoing), std::move(done));
    }
    auto chat = user_jid(to);
    if (!chat) return done(chat.error());
    auto own = binary::parse_jid(device_.jid);
    if (!own) return done(own.error());
    (void)message_log_->remember_sent(
        SentRecord{id, chat->to_string(), outgoing->message, outgoing->type, outgoing->edit, 0});

    binary::Jid own_user = own->without_device();
    std::uint16_t own_device = own->device.value_or(0);
    std::vector<binary::Jid> users{*chat};
    if (own_user != *chat) users.push_back(own_user);
    query_devices(users, [self = shared_from_this(), chat = *chat, own_user, own_device,
                          outgoing = std::move(*outgoing),
                          done = std::move(done)](Result<std::vector<UserDevices>> found) mutable {
        if (!found) return done(found.error());
        std::vector<Recipient> recipients;
        for (const UserDevices& user : *found) {
            bool own = user.user.user == own_user.user;
            for (std::uint16_t device : user.devices) {
                if (own && device == own_device) continue;
                binary::Jid device_jid{user.user.user, user.user.server, device, 0, 0};
                auto address = self->session_address(device_jid);
                if (!address) continue;
                recipients.push_back(Recipient{device_jid, *address, own});
            }
        }
        if (std::none_of(recipients.begin(), recipients.end(), [](const Recipient& r) { return !r.own; })) {
            return done(Error{"no_devices", chat.to_string() + " has no devices (not on WhatsApp?)"});
        }
        self->fetch_missing_sessions(recipients, [self, chat, recipients, outgoing = std::move(outgoing),
                                                  done = std::move(done)](Status fetched) mutable {
            if (!fetched) return done(fetched.error());
            self->encrypt_and_send(chat, recipients, outgoing, std::move(done));
        });
    });
}

void WaClient::fetch_sessions(std::vector<Recipient> recipients, bool force, std::function<void(Status)> done) {
    binary::Children users;
    std::map<std::string, signal::Address> address_of;
    for (const Recipient& r : recipients) {
        auto has = signal_->has_session(r.address);
        if (has && *has && !force) continue;
        users.push_back(binary::Node{"user", {jid_attr("jid", r.device)}, {}});
        address_of[r.device.to_string()] = r.address;
    }
    if (users.empty()) return done(ok_status());
    binary::Node iq{"iq",
                    {jid_attr("to", server_jid()), text_attr("type", "get"), text_attr("xmlns", "encrypt")},
                    binary::Children{binary::Node{"key", {}, std::move(users)}}};
    send_iq(iq, [self = shared_from_this(), address_of = std::move(address_of),
                 done = std::move(done)](Result<binary::Node> reply) {
        if (!reply) return done(reply.error());
        const binary::Node* list = reply->child("list");
        if (list && list->children()) {
            for (const binary::Node& user : *list->children()) {
                const binary::Jid* jid = user.attr_jid("jid");
                if (jid == nullptr) continue;
                auto address = address_of.find(jid->to_string());
                if (address == address_of.end()) continue;
                auto bundle = bundle_from(user);
                if (!bundle) continue;  // that device is skipped: encrypt reports it below
                (void)self->signal_->build_session(address->second, *bundle);
            }
        }
        done(ok_status());
    });
}

void WaClient::encrypt_and_send(const binary::Jid& chat, const std::vector<Recipient>& recipients,
                                const OutgoingContent& content, SentCallback done) {
    const std::vector<std::uint8_t>& message = content.message;
    auto device_sent = message::wrap_device_sent(message, chat.to_string());
    if (!device_sent) return done(device_sent.error());
    stanza::OutgoingMessage outgoing;
    outgoing.id = content.id;
    outgoing.to = chat;
    outgoing.type = content.type;
    outgoing.edit = content.edit;
    bool any_pre_key = false;
    for (const Recipient& r : recipients) {
        auto has = signal_->has_session(r.address);
        if (!has || !*has) continue;  // no bundle was available for this device
        auto padded = signal::pad_message(r.own ? *device_sent : message);
        auto sealed = signal_->encrypt(r.address, padded);
        if (!sealed) return done(sealed.error());
        any_pre_key = any_pre_key || sealed->kind == signal::CiphertextKind::PreKeyMessage;
        outgoing.participants.push_back(stanza::DeviceEnc{
            r.device,
            stanza::EncPayload{std::string(signal::wire_name(sealed->kind)), "", sealed->bytes, 2}});
    }
    if (outgoing.participants.empty())
        return done(Error{"no_sessions", "no recipient device could be reached"});
    if (any_pre_key) outgoing.device_identity = device_.account_identity;
    send_and_await_ack(outgoing, std::move(done));
}

}  // namespace wagw::wa::client
