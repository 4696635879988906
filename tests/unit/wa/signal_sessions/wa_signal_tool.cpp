// Drives one account's SignalAccount from the command line, one operation per run, so the interop test with
// libsignal-node reopens the SQLite stores between every step. Keys travel as base64 in their 33-byte form,
// as libsignal-node holds them.
//
//   wa_signal_tool DB_FILE KEY_FILE ACCOUNT COMMAND 'JSON'
//   commands: init, bundle, start-session, encrypt, decrypt, sender-key, process-sender-key, group-encrypt,
//             group-decrypt

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "backend/store/secret_box.hpp"
#include "backend/wa/signal/key_forms.hpp"
#include "backend/wa/signal/signal_account.hpp"
#include "backend/wa/signal/signal_schema.hpp"
#include "common/util/base64.hpp"

using namespace wagw;
using namespace wagw::wa::signal;
using Json = nlohmann::json;

namespace {

std::string to_base64(std::span<const std::uint8_t> bytes) { return wagw::util::base64_encode(bytes); }

Bytes from_base64(const std::string& text) {
    auto bytes = wagw::util::base64_decode(text);
    if (!bytes) throw std::runtime_error("bad base64");
    return Bytes(bytes->begin(), bytes->end());
}

std::string key_base64(const PublicKey& key) { return to_base64(with_key_type(key)); }

PublicKey key_from_base64(const std::string& text) {
    auto key = public_key_from_any_form(from_base64(text));
    if (!key) throw std::runtime_error(key.error().message);
    return *key;
}

Address address_from(const Json& j) { return {j.at("name").get<std::string>(), j.at("device").get<std::int32_t>()}; }

template <class T>
T must(Result<T> result) {
    if (!result) throw std::runtime_error(result.error().code + ": " + result.error().message);
    return std::move(*result);
}

void must(const Status& status) {
    if (!status) throw std::runtime_error(status.error().code + ": " + status.error().message);
}

Json bundle_json(const PreKeyBundle& bundle) {
    Json out = {{"registrationId", bundle.registration_id},
                {"identityKey", key_base64(bundle.identity_key)},
                {"signedPreKey",
                 {{"keyId", bundle.signed_pre_key.id},
                  {"publicKey", key_base64(bundle.signed_pre_key.key)},
                  {"signature", to_base64(bundle.signed_pre_key.signature)}}}};
    if (bundle.pre_key) out["preKey"] = {{"keyId", bundle.pre_key->id}, {"publicKey", key_base64(bundle.pre_key->key)}};
    return out;
}

PreKeyBundle bundle_from(const Json& j) {
    PreKeyBundle bundle;
    bundle.registration_id = j.at("registrationId").get<std::uint32_t>();
    bundle.identity_key = key_from_base64(j.at("identityKey"));
    const Json& signed_key = j.at("signedPreKey");
    bundle.signed_pre_key.id = signed_key.at("keyId").get<std::uint32_t>();
    bundle.signed_pre_key.key = key_from_base64(signed_key.at("publicKey"));
    Bytes signature = from_base64(signed_key.at("signature"));
    if (signature.size() != 64) throw std::runtime_error("signature must be 64 bytes");
    std::copy(signature.begin(), signature.end(), bundle.signed_pre_key.signature.begin());
    if (j.contains("preKey")) {
        bundle.pre_key = PreKeyPublic{j["preKey"].at("keyId").get<std::uint32_t>(), key_from_base64(j["preKey"].at("publicKey"))};
    }
    return bundle;
}

Bytes text_bytes(const Json& j, const char* field) {
    const std::string text = j.at(field).get<std::string>();
    return {text.begin(), text.end()};
}

Json run(SignalAccount& account, const std::string& command, const Json& args) {
    if (command == "init") {
        LocalIdentity identity = must(account.ensure_identity());
        auto pre_keys = must(account.generate_pre_keys(args.value("pre_keys", 10u)));
        Json keys = Json::array();
        for (const auto& k : pre_keys) keys.push_back({{"keyId", k.id}, {"publicKey", key_base64(k.key)}});
        return {{"registrationId", identity.registration_id},
                {"identityKey", key_base64(identity.identity_key)},
                {"signedPreKey", bundle_json({0, {}, identity.signed_pre_key, std::nullopt})["signedPreKey"]},
                {"preKeys", keys}};
    }
    if (command == "bundle") return bundle_json(must(account.take_own_bundle()));
    if (command == "start-session") {
        must(account.build_session(address_from(args.at("peer")), bundle_from(args.at("bundle"))));
        return {{"ok", true}};
    }
    if (command == "encrypt") {
        Ciphertext out = must(account.encrypt(address_from(args.at("peer")), text_bytes(args, "text")));
        return {{"type", wire_name(out.kind)}, {"body", to_base64(out.bytes)}};
    }
    if (command == "decrypt") {
        Ciphertext in{must(ciphertext_kind_from_wire(args.at("type").get<std::string>())), from_base64(args.at("body"))};
        Bytes plaintext = must(account.decrypt(address_from(args.at("peer")), in));
        return {{"text", std::string(plaintext.begin(), plaintext.end())}};
    }
    const std::string group = args.value("group", "");
    if (command == "sender-key") {
        return {{"distribution", to_base64(must(account.sender_key_distribution(group, address_from(args.at("self")))))}};
    }
    if (command == "process-sender-key") {
        must(account.process_sender_key_distribution(group, address_from(args.at("sender")),
                                                     from_base64(args.at("distribution"))));
        return {{"ok", true}};
    }
    if (command == "group-encrypt") {
        return {{"body", to_base64(must(account.group_encrypt(group, address_from(args.at("self")), text_bytes(args, "text"))))}};
    }
    if (command == "group-decrypt") {
        Bytes plaintext = must(account.group_decrypt(group, address_from(args.at("sender")), from_base64(args.at("body"))));
        return {{"text", std::string(plaintext.begin(), plaintext.end())}};
    }
    throw std::runtime_error("unknown command " + command);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: wa_signal_tool DB_FILE KEY_FILE ACCOUNT COMMAND [JSON]\n");
        return 2;
    }
    try {
        auto box = must(store::SecretBox::from_key_file(argv[2]));
        auto db = must(store::Database::open(argv[1]));
        must(store::apply_migrations(db, kSignalComponent, signal_migrations()));
        auto account = must(SignalAccount::open(db, box, argv[3]));
        const Json args = argc > 5 ? Json::parse(argv[5]) : Json::object();
        std::cout << run(*account, argv[4], args).dump() << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cout << Json{{"error", e.what()}}.dump() << "\n";
        return 1;
    }
}
