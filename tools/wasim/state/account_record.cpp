#include "tools/wasim/state/account_record.hpp"

#include "common/util/json_fields.hpp"
#include "tools/wasim/state/root_key_file.hpp"

namespace wagw::wasim {
namespace {

using Json = nlohmann::json;

Error bad(const std::string& what) { return Error{"bad_account_record", "stored account: " + what}; }

Result<Bytes> from_hex(const std::string& text) {
    if (text.size() % 2) return bad("odd hex length");
    Bytes out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        auto nibble = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            return -1;
        };
        const int high = nibble(text[i]), low = nibble(text[i + 1]);
        if (high < 0 || low < 0) return bad("bad hex");
        out.push_back(static_cast<std::uint8_t>(high << 4 | low));
    }
    return out;
}

Result<signal::PublicKey> key_at(const Json& object, const char* name) {
    if (!object.contains(name) || !object[name].is_string()) return bad(std::string("missing ") + name);
    auto bytes = from_hex(object[name].get<std::string>());
    if (!bytes || bytes->size() != 32) return bad(std::string(name) + " is not a 32-byte key");
    signal::PublicKey key{};
    std::copy(bytes->begin(), bytes->end(), key.begin());
    return key;
}

Json encode_keys(const DeviceKeys& keys) {
    Json json{{"registration_id", keys.registration_id}, {"identity", to_hex(keys.identity)}};
    if (keys.signed_pre_key)
        json["signed_pre_key"] = {{"id", keys.signed_pre_key->id},
                                  {"public", to_hex(keys.signed_pre_key->public_key)},
                                  {"signature", to_hex(keys.signed_pre_key->signature)}};
    Json one_time = Json::array();
    for (const auto& [id, key] : keys.one_time_pre_keys) one_time.push_back({{"id", id}, {"public", to_hex(key)}});
    json["one_time_pre_keys"] = std::move(one_time);
    return json;
}

Result<DeviceKeys> decode_keys(const Json& json) {
    DeviceKeys keys;
    if (!json.is_object() || !json.contains("registration_id") || !json["registration_id"].is_number_unsigned())
        return bad("registration_id");
    keys.registration_id = json["registration_id"].get<std::uint32_t>();
    auto identity = key_at(json, "identity");
    if (!identity) return identity.error();
    keys.identity = *identity;
    if (json.contains("signed_pre_key")) {
        const Json& skey = json["signed_pre_key"];
        auto value = key_at(skey, "public");
        if (!value || !skey.contains("id") || !skey["id"].is_number_unsigned() || !skey.contains("signature") ||
            !skey["signature"].is_string())
            return bad("signed_pre_key");
        auto signature = from_hex(skey["signature"].get<std::string>());
        if (!signature) return signature.error();
        keys.signed_pre_key = SignedPreKey{skey["id"].get<std::uint32_t>(), *value, *signature};
    }
    if (json.contains("one_time_pre_keys") && json["one_time_pre_keys"].is_array()) {
        for (const Json& entry : json["one_time_pre_keys"]) {
            auto value = key_at(entry, "public");
            if (!value || !entry.contains("id") || !entry["id"].is_number_unsigned()) return bad("one_time_pre_keys");
            keys.one_time_pre_keys[entry["id"].get<std::uint32_t>()] = *value;
        }
    }
    return keys;
}

}  // namespace

std::string encode_account_record(const Account& account) {
    Json companions = Json::array();
    for (const auto& [id, device] : account.companions)
        companions.push_back({{"id", device.id},
                              {"key_index", device.key_index},
                              {"noise_public", to_hex(device.noise_public)},
                              {"keys", encode_keys(device.keys)},
                              {"platform", device.platform},
                              {"linked_at", device.linked_at},
                              {"removed", device.removed}});
    Json json{{"phone", account.phone},
              {"lid", account.lid},
              {"push_name", account.push_name},
              {"phone_identity_private", to_hex(account.phone_identity.private_key.span())},
              {"adv_raw_id", account.adv_raw_id},
              {"next_device_id", account.next_device_id},
              {"phone_keys", encode_keys(account.phone_keys)},
              {"companions", std::move(companions)},
              {"pn_addressed_by", account.pn_addressed_by}};
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Account> decode_account_record(const std::string& text) {
    auto parsed = json_fields::parse(text);
    if (!parsed) return bad(parsed.error().message);
    const Json& json = *parsed;
    Account account;
    auto phone = json_fields::string_at(json, "phone");
    auto lid = json_fields::string_at(json, "lid");
    auto push_name = json_fields::string_at(json, "push_name");
    auto raw_id = json_fields::int_at(json, "adv_raw_id");
    auto next_device = json_fields::int_at(json, "next_device_id");
    if (!phone || !lid || !push_name || !raw_id || !next_device) return bad("phone, lid, push_name or ids");
    account.phone = *phone;
    account.lid = *lid;
    account.push_name = *push_name;
    account.adv_raw_id = static_cast<std::uint32_t>(*raw_id);
    account.next_device_id = static_cast<std::uint16_t>(*next_device);
    auto identity_private = key_at(json, "phone_identity_private");
    if (!identity_private) return identity_private.error();
    account.phone_identity = signal::KeyPair::from_private(*identity_private);
    if (!json.contains("phone_keys")) return bad("phone_keys");
    auto phone_keys = decode_keys(json["phone_keys"]);
    if (!phone_keys) return phone_keys.error();
    account.phone_keys = std::move(*phone_keys);
    if (json.contains("pn_addressed_by") && json["pn_addressed_by"].is_array())  // absent in older rows
        for (const Json& device : json["pn_addressed_by"])
            if (device.is_string()) account.pn_addressed_by.insert(device.get<std::string>());
    if (json.contains("companions") && json["companions"].is_array()) {
        for (const Json& entry : json["companions"]) {
            CompanionDevice device;
            auto noise = key_at(entry, "noise_public");
            if (!noise || !entry.contains("keys") || !entry.contains("id")) return bad("companion");
            auto keys = decode_keys(entry["keys"]);
            if (!keys) return keys.error();
            auto id = json_fields::int_at(entry, "id");
            auto key_index = json_fields::int_at(entry, "key_index");
            auto platform = json_fields::string_at(entry, "platform");
            auto linked_at = json_fields::int_at(entry, "linked_at");
            auto removed = json_fields::bool_at(entry, "removed");
            if (!id || !key_index || !platform || !linked_at || !removed || *id <= 0 || *id > 0xffff)
                return bad("companion fields");
            device.id = static_cast<std::uint16_t>(*id);
            device.key_index = static_cast<std::uint32_t>(*key_index);
            device.noise_public = *noise;
            device.keys = std::move(*keys);
            device.platform = *platform;
            device.linked_at = static_cast<std::uint64_t>(*linked_at);
            device.removed = *removed;
            account.companions[device.id] = std::move(device);
        }
    }
    return account;
}

}  // namespace wagw::wasim
