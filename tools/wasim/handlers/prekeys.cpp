#include "tools/wasim/handlers/prekeys.hpp"

#include <algorithm>
#include <iostream>

#include "tools/wasim/handlers/stanzas.hpp"
#include "tools/wasim/phone/phone_keyring.hpp"

namespace wagw::wasim {
namespace {

std::optional<signal::PublicKey> key_of(const binary::Node* node) {
    if (!node || !node->bytes()) return std::nullopt;
    const binary::Bytes& bytes = *node->bytes();
    // Accept the 33-byte form too, although clients send 32.
    if (bytes.size() == 33 && bytes[0] == 5) return [&] { signal::PublicKey k{}; std::copy(bytes.begin() + 1, bytes.end(), k.begin()); return k; }();
    if (bytes.size() != 32) return std::nullopt;
    signal::PublicKey key{};
    std::copy(bytes.begin(), bytes.end(), key.begin());
    return key;
}

std::optional<std::uint32_t> id_of(const binary::Node* node) {
    if (!node || !node->bytes() || node->bytes()->size() != 3) return std::nullopt;
    return read_big_endian(*node->bytes());
}

std::optional<SignedPreKey> read_signed_pre_key(const binary::Node* skey) {
    if (!skey) return std::nullopt;
    auto id = id_of(skey->child("id"));
    auto value = key_of(skey->child("value"));
    const binary::Node* signature = skey->child("signature");
    if (!id || !value || !signature || !signature->bytes() || signature->bytes()->size() != 64) return std::nullopt;
    return SignedPreKey{*id, *value, *signature->bytes()};
}

binary::Node signed_pre_key_node(const SignedPreKey& key) {
    return {"skey",
            {},
            binary::Children{bytes_node("id", big_endian_bytes(key.id, 3)),
                             bytes_node("value", binary::Bytes(key.public_key.begin(), key.public_key.end())),
                             bytes_node("signature", key.signature)}};
}

binary::Children identity_nodes(const DeviceKeys& keys) {
    return {bytes_node("registration", big_endian_bytes(keys.registration_id, 4)),
            bytes_node("type", binary::Bytes{5}),
            bytes_node("identity", binary::Bytes(keys.identity.begin(), keys.identity.end()))};
}

DeviceKeys* own_keys(SimulatorContext& context, Session& session, Account** account_out) {
    Account* account = context.accounts.find_by_phone(session.hello.phone);
    CompanionDevice* device = account ? account->active_companion(session.hello.device) : nullptr;
    *account_out = account;
    return device ? &device->keys : nullptr;
}

void upload(SimulatorContext& context, Session& session, const binary::Node& iq, DeviceKeys& keys, Account& account) {
    const std::string id = text(iq, "id");
    const binary::Node* registration = iq.child("registration");
    auto identity = key_of(iq.child("identity"));
    auto signed_pre_key = read_signed_pre_key(iq.child("skey"));
    if (!registration || !registration->bytes() || registration->bytes()->size() != 4 || !identity || !signed_pre_key)
        return session.connection->send(iq_error(id, 400, "bad-request"));
    std::map<std::uint32_t, signal::PublicKey> uploaded;
    if (const binary::Node* list = iq.child("list"); list && list->children()) {
        for (const binary::Node& key : *list->children()) {
            auto key_id = id_of(key.child("id"));
            auto value = key_of(key.child("value"));
            if (!key_id || !value) return session.connection->send(iq_error(id, 400, "bad-request"));
            uploaded[*key_id] = *value;
        }
    }
    keys.registration_id = read_big_endian(*registration->bytes());
    keys.identity = *identity;
    keys.signed_pre_key = *signed_pre_key;
    uploaded.merge(keys.one_time_pre_keys);
    keys.one_time_pre_keys = std::move(uploaded);
    context.account_changed(account);
    session.connection->send(iq_result(id));
}

// The address form a device asks for a phone's bundle by is the one it files the session under: remember it, so
// the phone answers from that form (phone/phone_messaging).
void note_addressing(SimulatorContext& context, const Session& asker, Account& phone, const binary::Jid& asked) {
    const std::string device = asker.hello.phone + ":" + std::to_string(asker.hello.device);
    const bool by_pn = asked.server == binary::servers::kUser;
    if (by_pn == phone.pn_addressed_by.contains(device)) return;
    if (by_pn) phone.pn_addressed_by.insert(device);
    else phone.pn_addressed_by.erase(device);
    context.account_changed(phone);
}

binary::Node bundle_for(SimulatorContext& context, const Session& asker, const binary::Node& user) {
    const binary::Jid* jid = user.attr_jid("jid");
    binary::Node reply{"user", {}, binary::Children{}};
    if (jid) reply.attrs.push_back({"jid", *jid});
    auto not_found = [&] {
        reply.content = binary::Children{{"error", {{"code", std::string("404")}, {"text", std::string("item-not-found")}}, {}}};
        return reply;
    };
    if (!jid) return not_found();
    Account* account = context.accounts.find_by_user(jid->user, jid->server);
    if (!account) return not_found();
    const std::uint16_t device_id = jid->device.value_or(0);
    DeviceKeys* keys = nullptr;
    if (device_id == 0) {
        // The phone publishes its keys (and tops up its one-time pre-keys) when someone asks for them.
        if (context.phone_keyring)
            if (auto phone = context.phone_keyring->phone_of(*account); !phone)
                std::cerr << "wasim: phone " << account->phone << " has no keys: " << phone.error().message << std::endl;
        keys = &account->phone_keys;
        note_addressing(context, asker, *account, *jid);
    }
    else if (CompanionDevice* device = account->active_companion(device_id)) keys = &device->keys;
    if (!keys || !keys->signed_pre_key) return not_found();
    binary::Children children = identity_nodes(*keys);
    children.push_back(signed_pre_key_node(*keys->signed_pre_key));
    if (!keys->one_time_pre_keys.empty()) {
        auto first = keys->one_time_pre_keys.begin();
        children.push_back({"key",
                            {},
                            binary::Children{bytes_node("id", big_endian_bytes(first->first, 3)),
                                             bytes_node("value", binary::Bytes(first->second.begin(), first->second.end()))}});
        keys->one_time_pre_keys.erase(first);  // one-time: the next fetch gets the next key
        context.account_changed(*account);
    }
    reply.content = std::move(children);
    return reply;
}

}  // namespace

void handle_encrypt_iq(SimulatorContext& context, Session& session, const binary::Node& iq) {
    const std::string id = text(iq, "id");
    const std::string type = text(iq, "type");
    if (type == "get" && iq.child("key")) {
        binary::Children users;
        if (const binary::Children* asked = iq.child("key")->children())
            for (const binary::Node& user : *asked)
                if (user.tag == "user") users.push_back(bundle_for(context, session, user));
        return session.connection->send(iq_result(id, {{"list", {}, std::move(users)}}));
    }
    Account* account = nullptr;
    DeviceKeys* keys = own_keys(context, session, &account);
    if (!keys) return session.connection->send(iq_error(id, 401, "not-authorized"));
    if (type == "get" && iq.child("count"))
        return session.connection->send(
            iq_result(id, {{"count", {{"value", std::to_string(keys->one_time_pre_keys.size())}}, {}}}));
    if (type == "get" && iq.child("digest")) {
        if (!keys->signed_pre_key) return session.connection->send(iq_error(id, 404, "item-not-found"));
        binary::Children digest = identity_nodes(*keys);
        digest.push_back(signed_pre_key_node(*keys->signed_pre_key));
        binary::Children ids;
        for (const auto& [key_id, value] : keys->one_time_pre_keys) ids.push_back(bytes_node("id", big_endian_bytes(key_id, 3)));
        digest.push_back({"list", {}, std::move(ids)});
        return session.connection->send(iq_result(id, {{"digest", {}, std::move(digest)}}));
    }
    if (type == "set" && iq.child("rotate")) {
        auto signed_pre_key = read_signed_pre_key(iq.child("rotate")->child("skey"));
        if (!signed_pre_key) return session.connection->send(iq_error(id, 400, "bad-request"));
        keys->signed_pre_key = *signed_pre_key;
        context.account_changed(*account);
        return session.connection->send(iq_result(id));
    }
    if (type == "set" && iq.child("registration")) return upload(context, session, iq, *keys, *account);
    session.connection->send(iq_error(id, 501, "feature-not-implemented"));
}

}  // namespace wagw::wasim
