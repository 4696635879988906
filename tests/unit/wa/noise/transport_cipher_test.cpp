#include "noise_test_support.hpp"

#include <catch2/catch.hpp>

using namespace wagw::wa::noise;
using namespace wagw::wa::noise::test;
using wagw::wa::signal::KeyPair;

namespace {

struct Session {
    TransportCipher client;
    TransportCipher server;
};

Session established_session() {
    SimulatedServer sim;
    NoiseInitiator client(KeyPair::generate(), sim.authority.trust_root(), fixed_clock);
    NoiseResponder server(sim.static_key, sim.valid_chain());
    auto outcome = run_handshake(client, server, client_payload_bytes());
    REQUIRE(outcome.client.ok());
    REQUIRE(outcome.server->ok());
    return Session{outcome.client->cipher, (*outcome.server)->cipher};
}

}  // namespace

TEST_CASE("A replayed transport frame is rejected and closes the read side") {
    Session session = established_session();
    auto first = session.client.encrypt(Bytes{1});
    REQUIRE(first.ok());
    REQUIRE(session.server.decrypt(*first).ok());
    CHECK(error_code(session.server.decrypt(*first)) == "bad_gcm_tag");
    auto second = session.client.encrypt(Bytes{2});
    REQUIRE(second.ok());
    CHECK(error_code(session.server.decrypt(*second)) == "read_closed");
}

TEST_CASE("Out-of-order transport frames are rejected") {
    Session session = established_session();
    auto first = session.server.encrypt(Bytes{1});
    auto second = session.server.encrypt(Bytes{2});
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(error_code(session.client.decrypt(*second)) == "bad_gcm_tag");
    CHECK(session.client.messages_read() == 0);
}

TEST_CASE("Tampered and truncated transport frames are rejected") {
    SECTION("flipped ciphertext bit") {
        Session session = established_session();
        auto frame = session.client.encrypt(Bytes{'n', 'o', 'd', 'e'});
        REQUIRE(frame.ok());
        (*frame)[1] ^= 0x20;
        CHECK(error_code(session.server.decrypt(*frame)) == "bad_gcm_tag");
    }
    SECTION("flipped tag bit") {
        Session session = established_session();
        auto frame = session.client.encrypt(Bytes{'n', 'o', 'd', 'e'});
        REQUIRE(frame.ok());
        frame->back() ^= 0x01;
        CHECK(error_code(session.server.decrypt(*frame)) == "bad_gcm_tag");
    }
    SECTION("shorter than a tag") {
        Session session = established_session();
        CHECK(error_code(session.server.decrypt(Bytes(15, 0))) == "truncated");
    }
    SECTION("cut short by one byte") {
        Session session = established_session();
        auto frame = session.client.encrypt(Bytes(40, 'x'));
        REQUIRE(frame.ok());
        frame->pop_back();
        CHECK(error_code(session.server.decrypt(*frame)) == "bad_gcm_tag");
    }
    SECTION("an empty plaintext is still authenticated") {
        Session session = established_session();
        auto frame = session.client.encrypt(Bytes{});
        REQUIRE(frame.ok());
        CHECK(frame->size() == kGcmTagSize);
        auto opened = session.server.decrypt(*frame);
        REQUIRE(opened.ok());
        CHECK(opened->empty());
    }
}

TEST_CASE("Counters stop at 2^32 instead of wrapping to a reused nonce") {
    Session session = established_session();
    const uint64_t last = (uint64_t{1} << 32) - 1;
    session.client.set_counters_for_test(last, 0);
    session.server.set_counters_for_test(0, last);
    auto final_frame = session.client.encrypt(Bytes{7});
    REQUIRE(final_frame.ok());
    auto opened = session.server.decrypt(*final_frame);
    REQUIRE(opened.ok());  // counter 2^32-1 is the last usable one, on both sides
    CHECK(opened->at(0) == 7);
    CHECK(error_code(session.client.encrypt(Bytes{8})) == "counter_exhausted");
    CHECK(error_code(session.server.decrypt(*final_frame)) == "counter_exhausted");
}
