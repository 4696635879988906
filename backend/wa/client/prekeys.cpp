// One-time pre-keys on the server (protocol notes §6 steps 2-3): ask how many are left, upload 812 the first
// time and top up when fewer than the threshold remain, so peers can always start a session with us.
#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace wagw::wa::client {

void WaClient::check_pre_keys(std::function<void()> then) {
    binary::Node count{
        "iq",
        {jid_attr("to", server_jid()), text_attr("type", "get"), text_attr("xmlns", "encrypt")},
        binary::Children{binary::Node{"count", {}, {}}}};
    send_iq(count, [self = shared_from_this(), then = std::move(then)](Result<binary::Node> reply) {
        if (!reply) return then();
        int on_server = 0;
        if (const binary::Node* value = reply->child("count"))
            on_server = attr_int(*value, "value").value_or(0);
        auto ever_uploaded = self->signal_->pre_key_count(true);
        if (ever_uploaded && *ever_uploaded == 0 && on_server == 0) {
            return self->upload_pre_keys(self->options_.initial_pre_keys, then);
        }
        if (on_server < static_cast<int>(self->options_.min_pre_keys)) {
            return self->upload_pre_keys(self->options_.top_up_pre_keys, then);
        }
        then();
    });
}

void WaClient::upload_pre_keys(std::uint32_t count, std::function<void()> then) {
    auto keys = signal_->generate_pre_keys(count);
    if (!keys) return then();
    binary::Children list;
    std::vector<std::uint32_t> ids;
    for (const signal::PreKeyPublic& key : *keys) {
        ids.push_back(key.id);
        list.push_back(binary::Node{
            "key",
            {},
            binary::Children{bytes_node("id", big_endian_bytes(key.id, 3)),
                             bytes_node("value", binary::Bytes(key.key.begin(), key.key.end()))}});
    }
    const signal::SignedPreKeyPublic& signed_key = identity_.signed_pre_key;
    binary::Node upload{
        "iq",
        {jid_attr("to", server_jid()), text_attr("type", "set"), text_attr("xmlns", "encrypt")},
        binary::Children{
            bytes_node("registration", big_endian_bytes(identity_.registration_id, 4)),
            bytes_node("type", binary::Bytes{0x05}),
            bytes_node("identity",
                       binary::Bytes(identity_.identity_key.begin(), identity_.identity_key.end())),
            binary::Node{"list", {}, std::move(list)},
            binary::Node{"skey",
                         {},
                         binary::Children{
                             bytes_node("id", big_endian_bytes(signed_key.id, 3)),
                             bytes_node("value", binary::Bytes(signed_key.key.begin(), signed_key.key.end())),
                             bytes_node("signature", binary::Bytes(signed_key.signature.begin(),
                                                                   signed_key.signature.end()))}},
        }};
    send_iq(upload, [self = shared_from_this(), ids = std::move(ids),
                     then = std::move(then)](Result<binary::Node> reply) {
        if (reply && self->signal_->mark_pre_keys_uploaded(ids)) {
            self->emit(PreKeysUploaded{static_cast<int>(ids.size())});
        }
        then();
    });
}

// Signed pre-key rotation: peers that start a session with us use our signed pre-key, so it is replaced now
// and then (whatsmeow and Baileys leave that to the server's policy; WhatsApp Web rotates it periodically).
// The old one stays in the Signal store, so pkmsgs already in flight still decrypt.
void WaClient::rotate_signed_pre_key_if_old(std::function<void()> then) {
    auto now = static_cast<std::int64_t>(noise::system_unix_time());
    if (now - device_.signed_pre_key_rotated_at < options_.signed_pre_key_max_age.count()) return then();
    auto rotated = signal_->rotate_signed_pre_key();
    if (!rotated) return then();
    binary::Node skey{
        "skey",
        {},
        binary::Children{
            bytes_node("id", big_endian_bytes(rotated->id, 3)),
            bytes_node("value", binary::Bytes(rotated->key.begin(), rotated->key.end())),
            bytes_node("signature", binary::Bytes(rotated->signature.begin(), rotated->signature.end()))}};
    binary::Node iq{"iq",
                    {jid_attr("to", server_jid()), text_attr("type", "set"), text_attr("xmlns", "encrypt")},
                    binary::Children{binary::Node{"rotate", {}, binary::Children{skey}}}};
    send_iq(iq, [self = shared_from_this(), key = *rotated, now,
                 then = std::move(then)](Result<binary::Node> reply) {
        if (reply) {
            self->identity_.signed_pre_key = key;
            self->device_.signed_pre_key_rotated_at = now;
            (void)self->devices_->save_link(self->device_);
            self->emit(SignedPreKeyRotated{key.id});
        }
        then();
    });
}

}  // namespace wagw::wa::client
