#include "tools/wasim/phone/phone_keyring.hpp"

#include <filesystem>

#include "backend/wa/signal/key_forms.hpp"
#include "backend/wa/signal/signal_schema.hpp"
#include "backend/wa/signal/signal_store.hpp"

namespace wagw::wasim {
namespace {

// Enough for a test run; refilled whenever a fetch leaves fewer than the low mark.
constexpr std::uint32_t kPreKeyBatch = 30;
constexpr std::size_t kPreKeyLowMark = 5;

std::string store_name(const Account& account) { return "wasim-phone:" + account.phone; }

}  // namespace

Result<std::unique_ptr<PhoneKeyring>> PhoneKeyring::open(const std::string& data_dir) {
    const bool in_memory = data_dir.empty();
    auto db = store::Database::open(in_memory ? std::filesystem::path(":memory:")
                                              : std::filesystem::path(data_dir) / "wasim.db");
    if (!db) return db.error();
    if (auto applied = store::apply_migrations(*db, wa::signal::kSignalComponent, wa::signal::signal_migrations());
        !applied)
        return applied.error();
    // In memory nothing outlives the process, so a throwaway sealing key (random bytes from the OS) is enough.
    auto box = in_memory ? store::SecretBox::from_key(signal::KeyPair::generate().public_key)
                         : store::SecretBox::from_key_file(std::filesystem::path(data_dir) / "phones.key");
    if (!box) return box.error();
    return std::unique_ptr<PhoneKeyring>(new PhoneKeyring(std::move(*db), std::move(*box)));
}

Result<bool> PhoneKeyring::seed_identity(const Account& account, const std::string& name) {
    wa::signal::SignalStore store(db_, box_, name, true);
    auto stored = store.load_local_identity();
    if (!stored) return stored.error();
    if (stored->has_value()) return false;
    const auto private_key = account.phone_identity.private_key.span();
    const auto public_key = signal::with_key_type(account.phone_identity.public_key);
    // Signed pre-key id 0 = none yet: the phone's first rotation below makes key 1 with this identity.
    wa::signal::StoredLocalIdentity identity{account.phone_keys.registration_id,
                                             Bytes(public_key.begin(), public_key.end()),
                                             Bytes(private_key.begin(), private_key.end()), 1, 0};
    if (auto saved = store.save_local_identity(identity); !saved) return saved.error();
    return true;
}

Status PhoneKeyring::publish_keys(Account& account, signal::SignalAccount& phone) {
    auto identity = phone.ensure_identity();
    if (!identity) return identity.error();
    account.phone_keys.registration_id = identity->registration_id;
    account.phone_keys.identity = identity->identity_key;
    const auto& signed_key = identity->signed_pre_key;
    account.phone_keys.signed_pre_key =
        SignedPreKey{signed_key.id, signed_key.key, Bytes(signed_key.signature.begin(), signed_key.signature.end())};
    if (account.phone_keys.one_time_pre_keys.size() >= kPreKeyLowMark) return Done{};
    auto fresh = phone.generate_pre_keys(kPreKeyBatch);
    if (!fresh) return fresh.error();
    std::vector<std::uint32_t> ids;
    for (const auto& key : *fresh) {
        account.phone_keys.one_time_pre_keys[key.id] = key.key;
        ids.push_back(key.id);
    }
    return phone.mark_pre_keys_uploaded(ids);
}

Result<signal::SignalAccount*> PhoneKeyring::phone_of(Account& account) {
    const std::string name = store_name(account);
    auto it = phones_.find(name);
    if (it == phones_.end()) {
        auto seeded = seed_identity(account, name);
        if (!seeded) return seeded.error();
        auto opened = signal::SignalAccount::open(db_, box_, name);
        if (!opened) return opened.error();
        if (*seeded)
            if (auto first_signed_key = (*opened)->rotate_signed_pre_key(); !first_signed_key)
                return first_signed_key.error();
        it = phones_.emplace(name, std::move(*opened)).first;
    }
    if (auto published = publish_keys(account, *it->second); !published) return published.error();
    return it->second.get();
}

}  // namespace wagw::wasim
