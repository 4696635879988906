// Sending to a group (protocol notes §8): the members' devices from the group's metadata and usync, our
// sender-key distribution pairwise to each device that does not have it yet (SenderKeyMemory, as Baileys does;
// forgotten when the membership changes or a device asks again), then the message once, encrypted with our
// sender key, as the skmsg.
#include <set>

#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/message/message_codec.hpp"
#include "backend/wa/signal/padding.hpp"

namespace wagw::wa::client {

// Members address our messages by the participant the server stamps on them (our LID device in LID-addressed
// groups); our sender key lives under that address so the two sides agree.
Result<signal::Address> WaClient::own_sender_key_address() {
    auto own = binary::parse_jid(device_.jid);
    if (!own) return own.error();
    if (!device_.lid.empty()) {
        auto lid = binary::parse_jid(device_.lid);
        if (lid) return signal::address_for(lid->user, signal::AccountDomain::Lid, own->device.value_or(0));
    }
    return session_address(*own);
}

void WaClient::rotate_sender_key(const std::string& group) {
    (void)sender_keys_sent_->forget_group(group);
    auto me = own_sender_key_address();
    if (!me) return;
    // The Signal layer keeps sender keys per (account, group, sender); without ours, the next
    // sender_key_distribution() creates a fresh one.
    auto remove = db_->prepare(
        "DELETE FROM signal_sender_keys WHERE account = ? AND group_id = ? AND sender_name = ? AND sender_device = ?");
    if (!remove) return;
    remove->bind(1, device_.signal_account).bind(2, group).bind(3, me->name).bind(4, std::int64_t{me->device});
    (void)remove->run();
}

void WaClient::send_group(const binary::Jid& group, OutgoingContent outgoing, SentCallback done) {
    group_info(group.to_string(), [self = shared_from_this(), group, outgoing = std::move(outgoing),
                                   done = std::move(done)](Result<stanza::GroupInfo> info) mutable {
        if (!info) return done(info.error());
        auto own = binary::parse_jid(self->device_.jid);
        if (!own) return done(own.error());
        std::vector<binary::Jid> users;
        for (const auto& participant : info->participants) {
            binary::Jid user = (participant.phone_number ? *participant.phone_number : participant.jid).without_device();
            if (std::find(users.begin(), users.end(), user) == users.end()) users.push_back(user);
        }
        if (std::find(users.begin(), users.end(), own->without_device()) == users.end())
            return done(Error{"not_a_member", "we are not a member of " + group.to_string()});
        self->query_devices(users, [self, group, own = *own, outgoing = std::move(outgoing),
                                    done = std::move(done)](Result<std::vector<UserDevices>> found) mutable {
            if (!found) return done(found.error());
            std::vector<Recipient> recipients;
            for (const UserDevices& user : *found) {
                bool is_own = user.user.user == own.user;
                for (std::uint16_t device : user.devices) {
                    if (is_own && device == own.device.value_or(0)) continue;
                    binary::Jid device_jid{user.user.user, user.user.server, device, 0, 0};
                    auto address = self->session_address(device_jid);
                    if (address) recipients.push_back(Recipient{device_jid, *address, is_own});
                }
            }
            self->fetch_missing_sessions(recipients, [self, group, recipients, outgoing = std::move(outgoing),
                                                      done = std::move(done)](Status fetched) mutable {
                if (!fetched) return done(fetched.error());
                auto me = self->own_sender_key_address();
                if (!me) return done(me.error());
                const std::string group_id = group.to_string();
                auto distribution = self->signal_->sender_key_distribution(group_id, *me);
                if (!distribution) return done(distribution.error());
                auto skdm = message::encode_sender_key_distribution({group_id, *distribution});
                if (!skdm) return done(skdm.error());

                stanza::OutgoingMessage message;
                message.id = outgoing.id;
                message.to = group;
                message.type = outgoing.type;
                message.edit = outgoing.edit;
                auto have_key = self->sender_keys_sent_->devices_with_key(group_id);
                std::set<std::string> given;  // devices this stanza hands our sender key to
                bool any_pre_key = false;
                for (const Recipient& r : recipients) {
                    // Keyed by the Signal address, so the LID and PN forms of one device are one entry.
                    const std::string device = r.address.name + "." + std::to_string(r.address.device);
                    if (have_key && have_key->count(device)) continue;
                    auto has = self->signal_->has_session(r.address);
                    if (!has || !*has) continue;
                    given.insert(device);
                    auto sealed = self->signal_->encrypt(r.address, signal::pad_message(*skdm));
                    if (!sealed) return done(sealed.error());
                    any_pre_key = any_pre_key || sealed->kind == signal::CiphertextKind::PreKeyMessage;
                    message.participants.push_back(stanza::DeviceEnc{
                        r.device,
                        stanza::EncPayload{std::string(signal::wire_name(sealed->kind)), "", sealed->bytes, 2}});
                }
                auto skmsg = self->signal_->group_encrypt(group_id, *me, signal::pad_message(outgoing.message));
                if (!skmsg) return done(skmsg.error());
                message.group = stanza::EncPayload{"skmsg", "", *skmsg, 2};
                if (any_pre_key) message.device_identity = self->device_.account_identity;
                self->send_and_await_ack(message, [self, group_id, given = std::move(given),
                                                   done = std::move(done)](Result<SentMessage> sent) {
                    // Only once the server took the stanza do those devices count as having our key.
                    if (sent) (void)self->sender_keys_sent_->remember(group_id, given);
                    done(std::move(sent));
                });
            });
        });
    });
}

}  // namespace wagw::wa::client
