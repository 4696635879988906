#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "signal_fixture.hpp"
#include "backend/wa/signal/key_forms.hpp"
#include "backend/wa/signal/padding.hpp"
#include "backend/wa/signal/xeddsa.hpp"

using namespace signal_test;

namespace {

// Alice starts a session from Bob's bundle (taking one of his one-time pre-keys).
void introduce(Party& alice, Party& bob) {
    REQUIRE(alice->ensure_identity().ok());
    REQUIRE(bob->ensure_identity().ok());
    REQUIRE(bob->generate_pre_keys(5).ok());
    auto bundle = bob->take_own_bundle();
    REQUIRE(bundle.ok());
    REQUIRE(bundle->pre_key.has_value());
    REQUIRE(alice->build_session(bob.address(), *bundle).ok());
}

}  // namespace

TEST_CASE("identity is created once, survives a restart, and signs its signed pre-key") {
    TestDir dir;
    Party alice(dir, "4915550001");
    auto first = alice->ensure_identity();
    REQUIRE(first.ok());
    CHECK(first->registration_id > 0);
    CHECK(first->registration_id <= 0x3FFF);
    CHECK(first->signed_pre_key.id == 1);
    const auto signed_input = with_key_type(first->signed_pre_key.key);
    CHECK(xeddsa_verify(first->identity_key, signed_input, first->signed_pre_key.signature).ok());

    alice.reopen();
    auto again = alice->ensure_identity();
    REQUIRE(again.ok());
    CHECK(again->identity_key == first->identity_key);
    CHECK(again->registration_id == first->registration_id);

    auto signature = alice->sign_with_identity(bytes("pair me"));
    REQUIRE(signature.ok());
    CHECK(xeddsa_verify(first->identity_key, bytes("pair me"), *signature).ok());
}

TEST_CASE("private keys and sessions are sealed at rest") {
    TestDir dir;
    Party alice(dir, "4915550001"), bob(dir, "4915550002");
    introduce(alice, bob);
    auto sent = alice->encrypt(bob.address(), bytes("hello"));
    REQUIRE(sent.ok());
    // The identity private key (as libsignal serialises it) must not appear anywhere in the database file.
    auto row = alice.db().prepare("SELECT identity_private_sealed FROM signal_local_identity");
    REQUIRE(row.ok());
    REQUIRE(*row->step());
    const Bytes sealed = row->column_blob(0);
    CHECK(sealed.size() == 32 + 40);  // nonce + tag + 32-byte key, not the key itself
    alice.reopen();
    std::ifstream file(alice.file(), std::ios::binary);
    const std::string contents((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    CHECK(contents.find("hello") == std::string::npos);
}

TEST_CASE("a session carries messages both ways, turning from pkmsg to msg after the first reply") {
    TestDir dir;
    Party alice(dir, "4915550001"), bob(dir, "4915550002");
    introduce(alice, bob);

    for (int i = 0; i < 3; ++i) {
        auto out = alice->encrypt(bob.address(), bytes("hi " + std::to_string(i)));
        REQUIRE(out.ok());
        CHECK(out->kind == CiphertextKind::PreKeyMessage);  // until Bob answers
        alice.reopen();
        bob.reopen();
        auto in = bob->decrypt(alice.address(), *out);
        REQUIRE(in.ok());
        CHECK(text(*in) == "hi " + std::to_string(i));
    }
    auto reply = bob->encrypt(alice.address(), bytes("hello back"));
    REQUIRE(reply.ok());
    CHECK(reply->kind == CiphertextKind::Message);
    auto got = alice->decrypt(bob.address(), *reply);
    REQUIRE(got.ok());
    CHECK(text(*got) == "hello back");
    auto next = alice->encrypt(bob.address(), bytes("now a msg"));
    REQUIRE(next.ok());
    CHECK(next->kind == CiphertextKind::Message);
    CHECK(text(*bob->decrypt(alice.address(), *next)) == "now a msg");
}

TEST_CASE("out-of-order messages decrypt, and a duplicate is refused without harm") {
    TestDir dir;
    Party alice(dir, "4915550001"), bob(dir, "4915550002");
    introduce(alice, bob);
    auto first = alice->encrypt(bob.address(), bytes("first"));
    REQUIRE(first.ok());
    REQUIRE(bob->decrypt(alice.address(), *first).ok());
    auto reply = bob->encrypt(alice.address(), bytes("ack"));
    REQUIRE(alice->decrypt(bob.address(), *reply).ok());

    std::vector<Ciphertext> batch;
    for (int i = 0; i < 5; ++i) batch.push_back(*alice->encrypt(bob.address(), bytes("m" + std::to_string(i))));
    for (int i : {4, 1, 3, 0, 2}) {
        auto in = bob->decrypt(alice.address(), batch[i]);
        REQUIRE(in.ok());
        CHECK(text(*in) == "m" + std::to_string(i));
    }
    auto duplicate = bob->decrypt(alice.address(), batch[3]);
    REQUIRE_FALSE(duplicate.ok());
    CHECK(duplicate.error().code == "duplicate_message");
    auto after = alice->encrypt(bob.address(), bytes("still fine"));
    CHECK(text(*bob->decrypt(alice.address(), *after)) == "still fine");
}

TEST_CASE("a flipped byte anywhere is rejected and the session still works") {
    TestDir dir;
    Party alice(dir, "4915550001"), bob(dir, "4915550002");
    introduce(alice, bob);
    auto first = alice->encrypt(bob.address(), bytes("setup"));
    REQUIRE(bob->decrypt(alice.address(), *first).ok());
    auto reply = bob->encrypt(alice.address(), bytes("ok"));
    REQUIRE(alice->decrypt(bob.address(), *reply).ok());

    auto good = alice->encrypt(bob.address(), bytes("the real message"));
    REQUIRE(good.ok());
    REQUIRE(good->kind == CiphertextKind::Message);
    for (std::size_t i = 0; i < good->bytes.size(); ++i) {
        Ciphertext damaged = *good;
        damaged.bytes[i] ^= 0x40;
        INFO("flipped byte " << i);
        CHECK_FALSE(bob->decrypt(alice.address(), damaged).ok());
    }
    auto in = bob->decrypt(alice.address(), *good);
    REQUIRE(in.ok());
    CHECK(text(*in) == "the real message");
}

TEST_CASE("decrypting without a session or with an unknown pre-key names the problem") {
    TestDir dir;
    Party alice(dir, "4915550001"), bob(dir, "4915550002"), carol(dir, "4915550003");
    introduce(alice, bob);
    REQUIRE(carol->ensure_identity().ok());
    auto reply_without_session = carol->decrypt(alice.address(), Ciphertext{CiphertextKind::Message, bytes("x")});
    REQUIRE_FALSE(reply_without_session.ok());

    auto pkmsg = alice->encrypt(bob.address(), bytes("to bob"));
    REQUIRE(pkmsg.ok());
    auto wrong_receiver = carol->decrypt(alice.address(), *pkmsg);  // carol never had bob's pre-keys
    REQUIRE_FALSE(wrong_receiver.ok());
    CHECK((wrong_receiver.error().code == "unknown_pre_key" || wrong_receiver.error().code == "invalid_key" ||
           wrong_receiver.error().code == "bad_mac"));

    auto no_session = alice->encrypt(carol.address(), bytes("x"));
    REQUIRE_FALSE(no_session.ok());
    CHECK(no_session.error().code == "no_session");
}

TEST_CASE("the one-time pre-key is consumed by the first pkmsg") {
    TestDir dir;
    Party alice(dir, "4915550001"), bob(dir, "4915550002");
    introduce(alice, bob);
    const auto before = *bob->pre_key_count(true) + *bob->pre_key_count(false);
    auto out = alice->encrypt(bob.address(), bytes("hi"));
    REQUIRE(bob->decrypt(alice.address(), *out).ok());
    const auto after = *bob->pre_key_count(true) + *bob->pre_key_count(false);
    CHECK(after == before - 1);
}

TEST_CASE("strict identity mode refuses a changed identity key") {
    TestDir dir;
    Party alice(dir, "4915550001", SignalAccount::Options{.accept_identity_changes = false});
    Party bob(dir, "4915550002");
    introduce(alice, bob);
    // Bob reinstalls: a new identity under the same address.
    TestDir other;
    Party new_bob(other, "4915550002");
    REQUIRE(new_bob->ensure_identity().ok());
    REQUIRE(new_bob->generate_pre_keys(1).ok());
    auto bundle = new_bob->take_own_bundle();
    REQUIRE(bundle.ok());
    auto rebuilt = alice->build_session(bob.address(), *bundle);
    REQUIRE_FALSE(rebuilt.ok());
    CHECK(rebuilt.error().code == "untrusted_identity");
}

TEST_CASE("a bundle with a forged signed pre-key signature is refused") {
    TestDir dir;
    Party alice(dir, "4915550001"), bob(dir, "4915550002");
    REQUIRE(bob->ensure_identity().ok());
    auto bundle = bob->take_own_bundle();
    REQUIRE(bundle.ok());
    bundle->signed_pre_key.signature[10] ^= 1;
    CHECK_FALSE(alice->build_session(bob.address(), *bundle).ok());
    CHECK_FALSE(*alice->has_session(bob.address()));
}

TEST_CASE("pre-key ids are 3 bytes and wrap from 0xFFFFFE to 1") {
    TestDir dir;
    Party alice(dir, "4915550001");
    REQUIRE(alice->ensure_identity().ok());
    REQUIRE(alice.db().execute("UPDATE signal_local_identity SET next_pre_key_id = 16777213").ok());
    auto keys = alice->generate_pre_keys(4);
    REQUIRE(keys.ok());
    std::vector<std::uint32_t> ids;
    for (const auto& k : *keys) ids.push_back(k.id);
    CHECK(ids == std::vector<std::uint32_t>{0xFFFFFD, 0xFFFFFE, 1, 2});
    alice.reopen();
    auto more = alice->generate_pre_keys(1);
    REQUIRE(more.ok());
    CHECK(more->front().id == 3);
}

TEST_CASE("rotating the signed pre-key keeps the previous one for in-flight sessions") {
    TestDir dir;
    Party alice(dir, "4915550001"), bob(dir, "4915550002");
    introduce(alice, bob);  // built on bob's signed pre-key 1
    auto rotated = bob->rotate_signed_pre_key();
    REQUIRE(rotated.ok());
    CHECK(rotated->id == 2);
    CHECK((*bob->ensure_identity()).signed_pre_key.id == 2);
    auto out = alice->encrypt(bob.address(), bytes("built before the rotation"));
    auto in = bob->decrypt(alice.address(), *out);
    REQUIRE(in.ok());
    REQUIRE(bob->rotate_signed_pre_key().ok());
    REQUIRE(bob->rotate_signed_pre_key().ok());
    auto count = bob.db().prepare("SELECT COUNT(*) FROM signal_signed_pre_keys");
    REQUIRE(*count->step());
    CHECK(count->column_int(0) == 2);
}

TEST_CASE("group messages: sender keys distributed, skmsg decrypted by members, across restarts") {
    TestDir dir;
    Party alice(dir, "4915550001"), bob(dir, "4915550002"), carol(dir, "4915550003");
    const std::string group = "120363000000000001@g.us";
    auto distribution = alice->sender_key_distribution(group, alice.address());
    REQUIRE(distribution.ok());
    REQUIRE(bob->process_sender_key_distribution(group, alice.address(), *distribution).ok());
    REQUIRE(carol->process_sender_key_distribution(group, alice.address(), *distribution).ok());
    alice.reopen();
    bob.reopen();
    std::vector<Bytes> sent;
    for (int i = 0; i < 5; ++i) {
        auto out = alice->group_encrypt(group, alice.address(), bytes("group " + std::to_string(i)));
        REQUIRE(out.ok());
        sent.push_back(*out);
    }
    for (int i = 0; i < 5; ++i) CHECK(text(*bob->group_decrypt(group, alice.address(), sent[i])) == "group " + std::to_string(i));
    for (int i : {4, 0, 2}) CHECK(text(*carol->group_decrypt(group, alice.address(), sent[i])) == "group " + std::to_string(i));

    Bytes forged = sent[1];
    forged[forged.size() / 2] ^= 1;
    CHECK_FALSE(carol->group_decrypt(group, alice.address(), forged).ok());
    CHECK(text(*carol->group_decrypt(group, alice.address(), sent[1])) == "group 1");
    auto stranger = carol->group_decrypt(group, bob.address(), sent[0]);
    REQUIRE_FALSE(stranger.ok());
    CHECK(stranger.error().code == "no_session");
}

TEST_CASE("WhatsApp padding is 1 to 16 bytes of its own length and is checked when stripped") {
    const Bytes message = bytes("protobuf bytes");
    bool seen_short = false, seen_long = false;
    for (int i = 0; i < 400; ++i) {
        const Bytes padded = pad_message(message);
        const std::size_t n = padded.size() - message.size();
        REQUIRE(n >= 1);
        REQUIRE(n <= 16);
        seen_short |= n == 1;
        seen_long |= n == 16;
        auto stripped = unpad_message(padded);
        REQUIRE(stripped.ok());
        CHECK(*stripped == message);
    }
    CHECK(seen_short);
    CHECK(seen_long);
    CHECK_FALSE(unpad_message(Bytes{}).ok());
    CHECK_FALSE(unpad_message(Bytes{1, 2, 0}).ok());
    CHECK_FALSE(unpad_message(Bytes{1, 5}).ok());
    CHECK_FALSE(unpad_message(Bytes{9, 9, 3, 2, 3}).ok());
}

TEST_CASE("JIDs map to Signal addresses: user for phone numbers, user_1 for LIDs") {
    CHECK(*address_for("4915550001", AccountDomain::PhoneNumber, 0) == Address{"4915550001", 0});
    CHECK(*address_for("123456789012345", AccountDomain::Lid, 7) == Address{"123456789012345_1", 7});
    CHECK_FALSE(address_for("", AccountDomain::PhoneNumber, 0).ok());
    CHECK_FALSE(address_for("49.15", AccountDomain::PhoneNumber, 0).ok());
    CHECK_FALSE(address_for("4915", AccountDomain::PhoneNumber, -1).ok());
}

TEST_CASE("the identity key agrees X25519 secrets without leaving the store") {
    TestDir dir;
    Party alice(dir, "4915550001");
    auto identity = alice->ensure_identity();
    REQUIRE(identity.ok());
    const KeyPair peer = KeyPair::generate();
    auto ours = alice->agree_with_identity(peer.public_key);
    REQUIRE(ours.ok());
    auto theirs = x25519_agreement(peer.private_key, identity->identity_key);
    REQUIRE(theirs.ok());
    CHECK(std::equal(ours->data(), ours->data() + 32, theirs->data()));
}

TEST_CASE("a pinned identity is kept, and strict mode refuses a session with another key") {
    TestDir dir;
    Party alice(dir, "4915550001", SignalAccount::Options{.accept_identity_changes = false});
    Party phone(dir, "4915550002");
    auto phone_identity = phone->ensure_identity();
    REQUIRE(phone_identity.ok());
    REQUIRE(alice->ensure_identity().ok());
    REQUIRE(alice->save_remote_identity(phone.address(), phone_identity->identity_key).ok());
    alice.reopen();
    auto pinned = alice->remote_identity(phone.address());
    REQUIRE(pinned.ok());
    CHECK(*pinned == std::optional<PublicKey>(phone_identity->identity_key));

    REQUIRE(phone->generate_pre_keys(1).ok());
    CHECK(alice->build_session(phone.address(), *phone->take_own_bundle()).ok());  // the pinned key: fine

    TestDir other;
    Party impostor(other, "4915550002");
    REQUIRE(impostor->ensure_identity().ok());
    auto refused = alice->build_session(phone.address(), *impostor->take_own_bundle());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "untrusted_identity");
}
