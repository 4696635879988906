// The sessions' state machine, event by event, without a connection.
#include <catch2/catch.hpp>

#include "backend/services/session_transitions.hpp"

using namespace wagw;
using model::SessionState;
namespace client = wa::client;

TEST_CASE("a QR code means scan_qr, with the code kept until it expires") {
    auto update = services::update_for(client::QrCode{"2@ref,keys", 0, 60000}, 1000);
    REQUIRE(update.state == SessionState::scan_qr);
    REQUIRE(update.qr.has_value());
    CHECK(update.qr->qr == "2@ref,keys");
    CHECK(update.qr->expires_at == 61000);
    CHECK_FALSE(update.client_done);
}

TEST_CASE("pairing and login record who the session is linked as and forget the QR code") {
    auto paired = services::update_for(client::PairSuccess{"15551234567:3@s.whatsapp.net", "", "android"}, 0);
    CHECK(paired.state == SessionState::connecting);
    CHECK(paired.forget_qr);
    REQUIRE(paired.account.has_value());
    CHECK(paired.account->phone == "15551234567");
    CHECK(paired.reason.find("android") != std::string::npos);

    auto connected = services::update_for(client::Connected{"15551234567:3@s.whatsapp.net", ""}, 0);
    CHECK(connected.state == SessionState::connected);
    CHECK(connected.account->jid == "15551234567:3@s.whatsapp.net");
}

TEST_CASE("a drop the client retries is reconnecting; one it gives up on is failed and ends the client") {
    client::Disconnected retried;
    retried.reason.kind = client::DisconnectKind::connection_lost;
    retried.reason.message = "keepalive timed out";
    retried.will_reconnect = true;
    retried.retry_in_ms = 1500;
    auto update = services::update_for(retried, 0);
    CHECK(update.state == SessionState::reconnecting);
    CHECK(update.reason.find("keepalive timed out") != std::string::npos);
    CHECK(update.reason.find("1500 ms") != std::string::npos);
    CHECK_FALSE(update.client_done);

    client::Disconnected replaced;
    replaced.reason.kind = client::DisconnectKind::replaced;
    auto final_update = services::update_for(replaced, 0);
    CHECK(final_update.state == SessionState::failed);
    CHECK(final_update.client_done);
    CHECK_FALSE(final_update.stop_running);  // it comes back at boot: a restart may well fix it

    client::Disconnected asked;
    asked.reason.kind = client::DisconnectKind::user_request;
    auto ignored = services::update_for(asked, 0);
    CHECK_FALSE(ignored.state.has_value());  // stop() recorded "stopped" already
    CHECK_FALSE(ignored.client_done);
}

TEST_CASE("a logout forgets the account and keeps the session from coming back at boot") {
    client::LoggedOut out;
    out.reason.kind = client::DisconnectKind::logged_out;
    out.reason.message = "device removed";
    auto update = services::update_for(out, 0);
    CHECK(update.state == SessionState::logged_out);
    REQUIRE(update.account.has_value());
    CHECK(update.account->jid.empty());
    CHECK(update.stop_running);
    CHECK(update.client_done);
    CHECK(update.forget_qr);
}

TEST_CASE("no scan in time fails the session; events about messages change nothing") {
    auto timeout = services::update_for(client::QrTimeout{}, 0);
    CHECK(timeout.state == SessionState::failed);
    CHECK(timeout.client_done);
    auto other = services::update_for(client::PreKeysUploaded{30}, 0);
    CHECK_FALSE(other.state.has_value());
    CHECK_FALSE(other.qr.has_value());
    CHECK_FALSE(other.client_done);
}
