#include "noise_test_support.hpp"

#include <wa/proto/handshake.pb.h>

#include <catch2/catch.hpp>

using namespace wagw::wa::noise;
using namespace wagw::wa::noise::test;
using wagw::wa::signal::KeyPair;

TEST_CASE("Our initiator and responder complete a handshake with full certificate verification") {
    SimulatedServer sim;
    const KeyPair client_static = KeyPair::generate();
    NoiseInitiator client(client_static, sim.authority.trust_root(), fixed_clock);
    NoiseResponder server(sim.static_key, sim.valid_chain());
    const Bytes payload = client_payload_bytes();

    auto outcome = run_handshake(client, server, payload);
    REQUIRE(outcome.client.ok());
    REQUIRE(outcome.server.has_value());
    REQUIRE(outcome.server->ok());
    CHECK(outcome.client->server_static == sim.static_key.public_key);
    CHECK((*outcome.server)->client_static == client_static.public_key);
    CHECK((*outcome.server)->client_payload == payload);

    SECTION("transport messages flow both ways, in order, many times") {
        TransportCipher& c = outcome.client->cipher;
        TransportCipher& s = (*outcome.server)->cipher;
        for (int i = 0; i < 50; ++i) {
            const Bytes up = {0, static_cast<uint8_t>(i), 'u', 'p'};
            auto sealed_up = c.encrypt(up);
            REQUIRE(sealed_up.ok());
            CHECK(sealed_up->size() == up.size() + kGcmTagSize);
            auto opened_up = s.decrypt(*sealed_up);
            REQUIRE(opened_up.ok());
            CHECK(*opened_up == up);

            const Bytes down(static_cast<size_t>(i) * 7, static_cast<uint8_t>(i));
            auto sealed_down = s.encrypt(down);
            REQUIRE(sealed_down.ok());
            auto opened_down = c.decrypt(*sealed_down);
            REQUIRE(opened_down.ok());
            CHECK(*opened_down == down);
        }
        CHECK(c.messages_written() == 50);
        CHECK(s.messages_read() == 50);
    }

    SECTION("the two directions use different keys") {
        auto sealed = outcome.client->cipher.encrypt(Bytes{1, 2, 3});
        REQUIRE(sealed.ok());
        // The client cannot read its own message: it would need the client-to-server key.
        CHECK(error_code(outcome.client->cipher.decrypt(*sealed)) == "bad_gcm_tag");
    }
}

TEST_CASE("Two handshakes with the same keys produce different session keys (fresh ephemerals)") {
    SimulatedServer sim;
    const KeyPair client_static = KeyPair::generate();
    NoiseInitiator client1(client_static, sim.authority.trust_root(), fixed_clock);
    NoiseResponder server1(sim.static_key, sim.valid_chain());
    NoiseInitiator client2(client_static, sim.authority.trust_root(), fixed_clock);
    NoiseResponder server2(sim.static_key, sim.valid_chain());
    auto first = run_handshake(client1, server1, client_payload_bytes());
    auto second = run_handshake(client2, server2, client_payload_bytes());
    REQUIRE(first.client.ok());
    REQUIRE(second.client.ok());
    auto sealed = first.client->cipher.encrypt(Bytes{9});
    REQUIRE(sealed.ok());
    CHECK(error_code((*second.server)->cipher.decrypt(*sealed)) == "bad_gcm_tag");
}

TEST_CASE("A tampered or truncated server hello is rejected by the initiator") {
    SimulatedServer sim;
    auto run_with = [&](auto filter) {
        NoiseInitiator client(KeyPair::generate(), sim.authority.trust_root(), fixed_clock);
        NoiseResponder server(sim.static_key, sim.valid_chain());
        return error_code(run_handshake(client, server, client_payload_bytes(), filter).client);
    };
    auto edit = [](auto change) {
        return [change](Bytes& bytes) {
            wagw::wa::proto::HandshakeMessage message;
            REQUIRE(message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
            change(*message.mutable_serverhello());
            bytes = to_bytes(message.SerializeAsString());
        };
    };
    CHECK(run_with(edit([](auto& h) { h.mutable_static_()->at(3) ^= 0x01; })) == "bad_gcm_tag");
    CHECK(run_with(edit([](auto& h) { h.mutable_static_()->back() ^= 0x80; })) == "bad_gcm_tag");  // the tag itself
    CHECK(run_with(edit([](auto& h) { h.mutable_payload()->at(0) ^= 0x01; })) == "bad_gcm_tag");
    CHECK(run_with(edit([](auto& h) { h.mutable_ephemeral()->at(0) ^= 0x01; })) == "bad_gcm_tag");
    CHECK(run_with(edit([](auto& h) { h.mutable_static_()->resize(10); })) == "truncated");
    CHECK(run_with(edit([](auto& h) { h.mutable_ephemeral()->resize(31); })) == "missing_field");
    CHECK(run_with(edit([](auto& h) { h.clear_payload(); })) == "missing_field");
    CHECK(run_with([](Bytes& b) { b.resize(b.size() / 2); }) == "bad_protobuf");
    CHECK(run_with([](Bytes& b) { b.assign({0x1a, 0xff, 0xff, 0xff}); }) == "bad_protobuf");
}

TEST_CASE("The responder rejects garbled hellos and tampered, truncated or garbled client finishes") {
    SimulatedServer sim;
    SECTION("garbled client hello") {
        NoiseResponder server(sim.static_key, sim.valid_chain());
        CHECK(error_code(server.on_client_hello(Bytes{0x12, 0x40, 1, 2})) == "bad_protobuf");
        NoiseResponder server2(sim.static_key, sim.valid_chain());
        wagw::wa::proto::HandshakeMessage short_key;
        short_key.mutable_clienthello()->set_ephemeral(std::string(16, 'x'));
        CHECK(error_code(server2.on_client_hello(to_bytes(short_key.SerializeAsString()))) == "missing_field");
    }

    auto finish_with = [&](auto change, const Bytes& payload) {
        NoiseInitiator client(KeyPair::generate(), sim.authority.trust_root(), fixed_clock);
        NoiseResponder server(sim.static_key, sim.valid_chain());
        auto server_hello = server.on_client_hello(*client.client_hello());
        REQUIRE(server_hello.ok());
        auto finish = client.on_server_hello(*server_hello, payload);
        REQUIRE(finish.ok());
        Bytes bytes = finish->client_finish;
        change(bytes);
        return error_code(server.on_client_finish(bytes));
    };
    auto edit = [](auto change) {
        return [change](Bytes& bytes) {
            wagw::wa::proto::HandshakeMessage message;
            REQUIRE(message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
            change(*message.mutable_clientfinish());
            bytes = to_bytes(message.SerializeAsString());
        };
    };
    const Bytes payload = client_payload_bytes();
    CHECK(finish_with([](Bytes&) {}, payload) == "ok");
    CHECK(finish_with(edit([](auto& f) { f.mutable_static_()->at(0) ^= 1; }), payload) == "bad_gcm_tag");
    CHECK(finish_with(edit([](auto& f) { f.mutable_payload()->at(2) ^= 1; }), payload) == "bad_gcm_tag");
    CHECK(finish_with(edit([](auto& f) { f.mutable_payload()->resize(5); }), payload) == "truncated");
    CHECK(finish_with(edit([](auto& f) { f.clear_static_(); }), payload) == "missing_field");
    CHECK(finish_with([](Bytes& b) { b.resize(b.size() - 1); }, payload) == "bad_protobuf");
    // A correctly encrypted payload that is not a ClientPayload.
    CHECK(finish_with([](Bytes&) {}, Bytes{0x0a, 0x7f, 0x01}) == "bad_protobuf");
}

TEST_CASE("Handshake steps out of order are refused, and a failed handshake stays failed") {
    SimulatedServer sim;
    NoiseInitiator client(KeyPair::generate(), sim.authority.trust_root(), fixed_clock);
    CHECK(error_code(client.on_server_hello(Bytes{}, Bytes{})) == "wrong_state");
    REQUIRE(client.client_hello().ok());
    CHECK(error_code(client.client_hello()) == "wrong_state");
    CHECK(error_code(client.on_server_hello(Bytes{0xff}, Bytes{})) == "bad_protobuf");
    NoiseResponder server(sim.static_key, sim.valid_chain());
    auto hello_for_dead_client = server.on_client_hello(*NoiseInitiator(KeyPair::generate()).client_hello());
    REQUIRE(hello_for_dead_client.ok());
    CHECK(error_code(client.on_server_hello(*hello_for_dead_client, Bytes{})) == "wrong_state");

    NoiseResponder fresh(sim.static_key, sim.valid_chain());
    CHECK(error_code(fresh.on_client_finish(Bytes{})) == "wrong_state");
}

TEST_CASE("The prologue is the client's connection header: WA 6 2 on both sides works, a mismatch fails") {
    // Baileys 6 sends "WA" 6 2 and mixes it as its prologue; the responder is handed the header it received.
    const std::array<uint8_t, 4> wa_6_2{'W', 'A', 6, 2};
    SimulatedServer sim;
    const KeyPair client_static = KeyPair::generate();
    const Bytes payload = client_payload_bytes();

    auto run = [&](ByteView client_prologue, ByteView server_prologue) -> HandshakeOutcome {
        NoiseInitiator client(client_static, sim.authority.trust_root(), fixed_clock);
        NoiseResponder server(sim.static_key, sim.valid_chain());
        auto hello = client.client_hello(client_prologue);
        REQUIRE(hello.ok());
        auto server_hello = server.on_client_hello(*hello, server_prologue);
        REQUIRE(server_hello.ok());
        auto finish = client.on_server_hello(*server_hello, payload);
        if (!finish) return {finish.error(), std::nullopt};
        auto done = server.on_client_finish(finish->client_finish);
        return {std::move(finish), std::move(done)};
    };

    SECTION("both mix WA 6 2: handshake completes and transport works") {
        auto outcome = run(wa_6_2, wa_6_2);
        REQUIRE(outcome.client.ok());
        REQUIRE(outcome.server.has_value());
        REQUIRE(outcome.server->ok());
        CHECK((*outcome.server)->client_static == client_static.public_key);
        CHECK((*outcome.server)->client_payload == payload);
        auto sealed = outcome.client->cipher.encrypt(Bytes{'v', '2'});
        REQUIRE(sealed.ok());
        auto opened = (*outcome.server)->cipher.decrypt(*sealed);
        REQUIRE(opened.ok());
        CHECK(*opened == Bytes{'v', '2'});
    }
    SECTION("client WA 6 2, responder WA 6 3: the client cannot open the server hello") {
        auto outcome = run(wa_6_2, kWaConnectionHeader);
        CHECK(error_code(outcome.client) == "bad_gcm_tag");
        CHECK_FALSE(outcome.server.has_value());
    }
    SECTION("client WA 6 3, responder WA 6 2: refused the same way") {
        auto outcome = run(kWaConnectionHeader, wa_6_2);
        CHECK(error_code(outcome.client) == "bad_gcm_tag");
    }
    SECTION("the defaults on both sides are WA 6 3") {
        NoiseInitiator client(client_static, sim.authority.trust_root(), fixed_clock);
        NoiseResponder server(sim.static_key, sim.valid_chain());
        auto outcome = run_handshake(client, server, payload);
        REQUIRE(outcome.client.ok());
        CHECK(run(kWaConnectionHeader, kWaConnectionHeader).client.ok());
        CHECK(kWaConnectionHeader == std::array<uint8_t, 4>{'W', 'A', 6, 3});
    }
}
