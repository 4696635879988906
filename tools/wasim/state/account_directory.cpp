#include "tools/wasim/state/account_directory.hpp"

#include <algorithm>

#include "backend/wa/signal/key_forms.hpp"
#include "backend/wa/signal/xeddsa.hpp"

namespace wagw::wasim {
namespace {

// FNV-1a: stable across builds and platforms, unlike std::hash.
std::uint64_t stable_hash(std::string_view text, std::uint64_t seed) {
    std::uint64_t hash = 1469598103934665603ULL ^ seed;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::uint32_t random_u32() {
    const auto key = signal::KeyPair::generate();  // the OS random generator, through the crypto layer
    return (static_cast<std::uint32_t>(key.public_key[0]) << 24 | static_cast<std::uint32_t>(key.public_key[1]) << 16 |
            static_cast<std::uint32_t>(key.public_key[2]) << 8 | key.public_key[3]);
}

Result<SignedPreKey> make_signed_pre_key(const signal::KeyPair& identity, std::uint32_t id) {
    const auto pre_key = signal::KeyPair::generate();
    const auto message = signal::with_key_type(pre_key.public_key);
    auto signature = signal::xeddsa_sign(identity.private_key, message);
    if (!signature) return signature.error();
    return SignedPreKey{id, pre_key.public_key, Bytes(signature->begin(), signature->end())};
}

}  // namespace

const CompanionDevice* Account::active_companion(std::uint16_t device) const {
    auto it = companions.find(device);
    return it == companions.end() || it->second.removed ? nullptr : &it->second;
}

CompanionDevice* Account::active_companion(std::uint16_t device) {
    auto it = companions.find(device);
    return it == companions.end() || it->second.removed ? nullptr : &it->second;
}

bool is_valid_phone(std::string_view phone) {
    return phone.size() >= 5 && phone.size() <= 20 && std::all_of(phone.begin(), phone.end(), [](char c) {
               return c >= '0' && c <= '9';
           }) && phone[0] != '0';
}

std::string derive_lid(std::string_view phone) {
    return std::to_string(100000000000000ULL + stable_hash(phone, 0x11d) % 899999999999999ULL);
}

std::string derive_phone_for_push_name(std::string_view push_name) {
    return "1555" + std::to_string(1000000 + stable_hash(push_name, 0x9a) % 9000000);
}

Result<Account*> AccountDirectory::create(std::string_view phone, std::string push_name) {
    if (!is_valid_phone(phone))
        return Error{"invalid_phone", "phone must be 5 to 20 digits without '+' or a leading 0"};
    if (find_by_phone(phone)) return Error{"account_exists", "an account with this phone number exists"};
    auto account = std::make_unique<Account>();
    account->phone = std::string(phone);
    account->lid = derive_lid(phone);
    account->push_name = std::move(push_name);
    account->phone_identity = signal::KeyPair::generate();
    account->adv_raw_id = random_u32() & 0x7fffffff;
    account->phone_keys.registration_id = (random_u32() & 0x3fff) + 1;
    account->phone_keys.identity = account->phone_identity.public_key;
    auto signed_pre_key = make_signed_pre_key(account->phone_identity, 1);
    if (!signed_pre_key) return signed_pre_key.error();
    account->phone_keys.signed_pre_key = *signed_pre_key;
    Account* raw = account.get();
    restore_owned(std::move(account));
    return raw;
}

void AccountDirectory::restore(Account account) { restore_owned(std::make_unique<Account>(std::move(account))); }

void AccountDirectory::restore_owned(std::unique_ptr<Account> account) {
    by_lid_[account->lid] = account.get();
    by_phone_[account->phone] = std::move(account);
}

Account* AccountDirectory::find_by_phone(std::string_view phone) {
    auto it = by_phone_.find(phone);
    return it == by_phone_.end() ? nullptr : it->second.get();
}

Account* AccountDirectory::find_by_lid(std::string_view lid) {
    auto it = by_lid_.find(lid);
    return it == by_lid_.end() ? nullptr : it->second;
}

Account* AccountDirectory::find_by_user(std::string_view user, std::string_view server) {
    if (server == "lid") return find_by_lid(user);
    if (server == "s.whatsapp.net" || server == "c.us") return find_by_phone(user);
    return nullptr;
}

std::vector<const Account*> AccountDirectory::all() const {
    std::vector<const Account*> accounts;
    for (const auto& [phone, account] : by_phone_) accounts.push_back(account.get());
    return accounts;
}

}  // namespace wagw::wasim
