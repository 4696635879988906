#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "test_dir.hpp"
#include "tools/wasim/state/account_directory.hpp"
#include "tools/wasim/state/account_record.hpp"
#include "tools/wasim/state/account_store.hpp"

using namespace wagw::wasim;

namespace {
Account sample() {
    AccountDirectory directory;
    Account account = **directory.create("15551234567", "Alice");
    CompanionDevice device;
    device.id = 3;
    device.key_index = 3;
    device.noise_public.fill(7);
    device.keys.registration_id = 1234;
    device.keys.identity.fill(8);
    device.keys.signed_pre_key = SignedPreKey{1, {}, Bytes(64, 9)};
    device.keys.one_time_pre_keys[5].fill(10);
    device.platform = "1";
    device.linked_at = 1700000000;
    account.companions[3] = device;
    account.next_device_id = 4;
    account.pn_addressed_by = {"15550000009:2"};
    return account;
}

void require_same(const Account& a, const Account& b) {
    REQUIRE(a.phone == b.phone);
    REQUIRE(a.lid == b.lid);
    REQUIRE(a.push_name == b.push_name);
    REQUIRE(a.phone_identity.public_key == b.phone_identity.public_key);
    REQUIRE(a.adv_raw_id == b.adv_raw_id);
    REQUIRE(a.next_device_id == b.next_device_id);
    REQUIRE(a.pn_addressed_by == b.pn_addressed_by);  // whom the phone answers from its PN, after a restart too
    REQUIRE(a.phone_keys.signed_pre_key->signature == b.phone_keys.signed_pre_key->signature);
    const auto& d = b.companions.at(3);
    REQUIRE(d.noise_public == a.companions.at(3).noise_public);
    REQUIRE(d.keys.registration_id == 1234);
    REQUIRE(d.keys.one_time_pre_keys.size() == 1);
    REQUIRE(d.keys.signed_pre_key->signature == Bytes(64, 9));
    REQUIRE(d.platform == "1");
    REQUIRE_FALSE(d.removed);
}
}  // namespace

TEST_CASE("account records round trip, private identity included", "[wasim][store]") {
    const Account account = sample();
    auto decoded = decode_account_record(encode_account_record(account));
    REQUIRE(decoded);
    require_same(account, *decoded);
    REQUIRE(decode_account_record("{}").error().code == "bad_account_record");
    REQUIRE_FALSE(decode_account_record("not json"));
    // Rows written before the phone tracked PN-addressed peers read back with none.
    auto older = nlohmann::json::parse(encode_account_record(account));
    older.erase("pn_addressed_by");
    auto decoded_older = decode_account_record(older.dump());
    REQUIRE(decoded_older);
    REQUIRE(decoded_older->pn_addressed_by.empty());
}

TEST_CASE("the SQLite store keeps accounts across reopen", "[wasim][store]") {
    TestDir dir;
    const Account account = sample();
    {
        auto store = AccountStore::open(dir.path().string());
        REQUIRE(store);
        REQUIRE((*store)->save(account));
        Account changed = account;
        changed.companions[3].removed = true;
        REQUIRE((*store)->save(changed));
    }
    auto store = AccountStore::open(dir.path().string());
    REQUIRE(store);
    auto loaded = (*store)->load_all();
    REQUIRE(loaded);
    REQUIRE(loaded->size() == 1);
    REQUIRE(loaded->front().companions.at(3).removed);
}
