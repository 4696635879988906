#include <catch2/catch.hpp>

#include "backend/wa/signal/key_forms.hpp"
#include "backend/wa/signal/xeddsa.hpp"
#include "tools/wasim/state/account_directory.hpp"

using namespace wagw::wasim;

TEST_CASE("accounts are found by phone and by LID, both stable", "[wasim][state]") {
    AccountDirectory directory;
    auto created = directory.create("15551234567", "Alice");
    REQUIRE(created);
    Account* account = *created;
    REQUIRE(account->lid.size() == 15);
    REQUIRE(account->lid == derive_lid("15551234567"));
    REQUIRE(directory.find_by_phone("15551234567") == account);
    REQUIRE(directory.find_by_lid(account->lid) == account);
    REQUIRE(directory.find_by_user("15551234567", "s.whatsapp.net") == account);
    REQUIRE(directory.find_by_user(account->lid, "lid") == account);
    REQUIRE(directory.find_by_user("15551234567", "g.us") == nullptr);
    REQUIRE(directory.find_by_phone("15550000000") == nullptr);
    REQUIRE(directory.create("15551234567", "again").error().code == "account_exists");
    REQUIRE(directory.size() == 1);
}

TEST_CASE("phone numbers are validated", "[wasim][state]") {
    AccountDirectory directory;
    for (const char* bad : {"", "123", "+15551234567", "0555123456", "1555abc4567", "123456789012345678901"})
        REQUIRE(directory.create(bad, "x").error().code == "invalid_phone");
}

TEST_CASE("the virtual phone publishes a signed pre-key under its identity (the ADV account key)", "[wasim][state]") {
    AccountDirectory directory;
    Account* account = *directory.create("15551234567", "Alice");
    REQUIRE(account->phone_keys.identity == account->phone_identity.public_key);
    REQUIRE(account->phone_keys.registration_id != 0);
    const auto& skey = *account->phone_keys.signed_pre_key;
    REQUIRE(wagw::wa::signal::xeddsa_verify(account->phone_identity.public_key,
                                            wagw::wa::signal::with_key_type(skey.public_key), skey.signature));
}

TEST_CASE("push names map to stable phone numbers", "[wasim][state]") {
    REQUIRE(derive_phone_for_push_name("Bob") == derive_phone_for_push_name("Bob"));
    REQUIRE(derive_phone_for_push_name("Bob") != derive_phone_for_push_name("Carol"));
    REQUIRE(is_valid_phone(derive_phone_for_push_name("Bob")));
}

TEST_CASE("removed companions are not active", "[wasim][state]") {
    AccountDirectory directory;
    Account* account = *directory.create("15551234567", "Alice");
    account->companions[1].id = 1;
    REQUIRE(account->active_companion(1));
    account->companions[1].removed = true;
    REQUIRE_FALSE(account->active_companion(1));
    REQUIRE_FALSE(account->active_companion(2));
}
