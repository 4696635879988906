#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "backend/wa/client/device_store.hpp"
#include "backend/wa/signal/signal_account.hpp"
#include "test_dir.hpp"

using namespace wagw;
using namespace wagw::wa;
using namespace wagw::wa::client;

namespace {

std::vector<std::uint8_t> file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {});
}

bool contains(const std::vector<std::uint8_t>& haystack, std::span<const std::uint8_t> needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

}  // namespace

TEST_CASE("a device survives reopening the database, with its keys sealed") {
    TestDir dir;
    auto file = dir.path() / "client.db";
    auto box = store::SecretBox::from_key_file(dir.path() / "master.key");
    REQUIRE(box.ok());

    DeviceRecord created;
    signal::PublicKey identity_key{};
    {
        auto db = store::Database::open(file);
        REQUIRE(db.ok());
        auto devices = DeviceStore::open(*db, *box);
        REQUIRE(devices.ok());
        CHECK_FALSE(*devices->exists("main"));
        auto record = devices->load_or_create("main");
        REQUIRE(record.ok());
        CHECK_FALSE(record->linked());
        CHECK(*devices->exists("main"));
        created = *record;
        auto account = signal::SignalAccount::open(*db, *box, created.signal_account);
        REQUIRE(account.ok());
        auto identity = (*account)->ensure_identity();
        REQUIRE(identity.ok());
        identity_key = identity->identity_key;

        created.jid = "15551234567:3@s.whatsapp.net";
        created.lid = "123456789012345:3@lid";
        created.platform = "android";
        created.push_name = "Front desk";
        created.account_identity = {1, 2, 3};
        REQUIRE(devices->save_link(created).ok());
    }
    {
        auto db = store::Database::open(file);
        REQUIRE(db.ok());
        auto devices = DeviceStore::open(*db, *box);
        REQUIRE(devices.ok());
        auto again = devices->load_or_create("main");
        REQUIRE(again.ok());
        CHECK(again->linked());
        CHECK(again->signal_account == created.signal_account);
        CHECK(again->noise_key.public_key == created.noise_key.public_key);
        CHECK(std::equal(again->adv_secret.span().begin(), again->adv_secret.span().end(),
                         created.adv_secret.span().begin()));
        CHECK(again->jid == created.jid);
        CHECK(again->lid == created.lid);
        CHECK(again->platform == "android");
        CHECK(again->push_name == "Front desk");
        CHECK(again->account_identity == std::vector<std::uint8_t>{1, 2, 3});
        auto account = signal::SignalAccount::open(*db, *box, again->signal_account);
        REQUIRE(account.ok());
        CHECK((*account)->ensure_identity()->identity_key == identity_key);
    }
    // Neither the Noise private key nor the ADV secret is anywhere in the files in the clear.
    auto bytes = file_bytes(file);
    auto wal = file_bytes(dir.path() / "client.db-wal");
    bytes.insert(bytes.end(), wal.begin(), wal.end());
    REQUIRE(contains(bytes, created.noise_key.public_key) ==
            false);  // not stored at all: derived from the key
    CHECK_FALSE(contains(bytes, created.noise_key.private_key.span()));
    CHECK_FALSE(contains(bytes, created.adv_secret.span()));
    CHECK(contains(bytes,
                   std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>("Front desk"), 10)));

    // A wrong master key cannot open the device.
    auto other_box = store::SecretBox::from_key_file(dir.path() / "other.key");
    auto db = store::Database::open(file);
    auto devices = DeviceStore::open(*db, *other_box);
    auto opened = devices->load_or_create("main");
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "device_store_corrupt");
}

TEST_CASE("wiping a device forgets it and its Signal state; the next one is new") {
    TestDir dir;
    auto box = store::SecretBox::from_key_file(dir.path() / "master.key");
    auto db = store::Database::open(dir.path() / "client.db");
    REQUIRE(db.ok());
    auto devices = DeviceStore::open(*db, *box);
    REQUIRE(devices.ok());
    auto first = devices->load_or_create("main");
    REQUIRE(first.ok());
    {
        auto account = signal::SignalAccount::open(*db, *box, first->signal_account);
        REQUIRE((*account)->ensure_identity().ok());
        REQUIRE((*account)->generate_pre_keys(3).ok());
    }
    auto other = devices->load_or_create("other");
    REQUIRE(other.ok());
    REQUIRE(devices->save_lid("main", "15551234567", "123456789012345").ok());
    REQUIRE(devices->save_lid("main", "15551234567", "999999999999999").ok());  // a changed mapping replaces
    REQUIRE(devices->save_lid("other", "15550000000", "111111111111111").ok());
    CHECK(*devices->lids("main") == std::map<std::string, std::string>{{"15551234567", "999999999999999"}});
    REQUIRE(devices->save_contact_push_name("main", "15551234567", "Ann").ok());
    REQUIRE(devices->save_contact_push_name("main", "15551234567", "Ann B.").ok());  // the newest name wins
    REQUIRE(devices->save_contact_push_name("other", "15550000000", "Bob").ok());
    CHECK(*devices->contact_push_names("main") == std::map<std::string, std::string>{{"15551234567", "Ann B."}});

    REQUIRE(devices->wipe("main").ok());
    CHECK_FALSE(*devices->exists("main"));
    CHECK(devices->lids("main")->empty());
    CHECK(devices->contact_push_names("main")->empty());
    CHECK(devices->lids("other")->size() == 1);
    CHECK(devices->contact_push_names("other")->size() == 1);
    CHECK(*devices->exists("other"));
    auto leftovers = db->prepare("SELECT count(*) FROM signal_pre_keys WHERE account = ?");
    leftovers->bind(1, first->signal_account);
    REQUIRE(*leftovers->step());
    CHECK(leftovers->column_int(0) == 0);
    auto identities = db->prepare("SELECT count(*) FROM signal_local_identity WHERE account = ?");
    identities->bind(1, first->signal_account);
    REQUIRE(*identities->step());
    CHECK(identities->column_int(0) == 0);

    auto second = devices->load_or_create("main");
    REQUIRE(second.ok());
    CHECK(second->signal_account != first->signal_account);
    CHECK(second->noise_key.public_key != first->noise_key.public_key);
}
