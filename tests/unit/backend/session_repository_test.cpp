#include <catch2/catch.hpp>

#include "backend/store/migrations.hpp"
#include "backend/store/session_repository.hpp"
#include "test_dir.hpp"

using namespace wagw;
using model::SessionState;

namespace {

store::Database open_gateway_db(const std::filesystem::path& file) {
    auto db = store::Database::open(file);
    REQUIRE(db.ok());
    REQUIRE(store::apply_migrations(*db, store::kGatewayComponent, store::gateway_migrations()).ok());
    return std::move(*db);
}

model::Session make_session(std::string id, std::string name, std::int64_t at_ms) {
    model::Session session;
    session.id = std::move(id);
    session.name = std::move(name);
    session.created_at = session.updated_at = at_ms;
    return session;
}

}  // namespace

TEST_CASE("sessions are stored, listed oldest first, found by id and name") {
    TestDir dir;
    auto db = open_gateway_db(dir.path() / "wagw.db");
    store::SessionRepository sessions(db);
    REQUIRE(sessions.insert(make_session("ses_b", "shop", 2000)).ok());
    REQUIRE(sessions.insert(make_session("ses_a", "support", 1000)).ok());

    auto all = sessions.list();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(all->at(0).id == "ses_a");
    CHECK(all->at(1).id == "ses_b");

    auto found = sessions.find("ses_b");
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->name == "shop");
    CHECK((*found)->state == SessionState::stopped);
    CHECK((*sessions.find_by_name("support"))->id == "ses_a");
    CHECK_FALSE(sessions.find("ses_missing")->has_value());
}

TEST_CASE("a session name is unique, on create and on rename") {
    TestDir dir;
    auto db = open_gateway_db(dir.path() / "wagw.db");
    store::SessionRepository sessions(db);
    REQUIRE(sessions.insert(make_session("ses_1", "shop", 1)).ok());
    REQUIRE(sessions.insert(make_session("ses_2", "support", 2)).ok());

    auto duplicate = sessions.insert(make_session("ses_3", "shop", 3));
    REQUIRE_FALSE(duplicate.ok());
    CHECK(duplicate.error().code == "name_taken");

    auto clash = sessions.rename("ses_2", "shop", 4);
    REQUIRE_FALSE(clash.ok());
    CHECK(clash.error().code == "name_taken");

    REQUIRE(sessions.rename("ses_2", "helpdesk", 5).ok());
    REQUIRE(sessions.rename("ses_2", "helpdesk", 6).ok());  // its own name again is fine
    auto renamed = sessions.find("ses_2");
    CHECK((*renamed)->name == "helpdesk");
    CHECK((*renamed)->updated_at == 6);

    auto missing = sessions.rename("ses_missing", "other", 7);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == "not_found");
}

TEST_CASE("every state change is kept in the history, which goes with the session") {
    TestDir dir;
    auto db = open_gateway_db(dir.path() / "wagw.db");
    store::SessionRepository sessions(db);
    REQUIRE(sessions.insert(make_session("ses_1", "shop", 1)).ok());
    REQUIRE(sessions.record_state("ses_1", SessionState::starting, "start requested", 10).ok());
    REQUIRE(sessions.record_state("ses_1", SessionState::scan_qr, "waiting for a scan", 20).ok());
    REQUIRE(sessions.record_state("ses_1", SessionState::connected, "logged in", 30).ok());

    auto session = sessions.find("ses_1");
    CHECK((*session)->state == SessionState::connected);
    CHECK((*session)->state_reason == "logged in");
    CHECK((*session)->updated_at == 30);

    auto history = sessions.history("ses_1");
    REQUIRE(history.ok());
    REQUIRE(history->size() == 3);
    CHECK(history->at(0) == model::SessionTransition{10, SessionState::starting, "start requested"});
    CHECK(history->at(2) == model::SessionTransition{30, SessionState::connected, "logged in"});

    // No history for a session that does not exist (and no half-done update).
    CHECK_FALSE(sessions.record_state("ses_missing", SessionState::failed, "x", 40).ok());

    REQUIRE(sessions.remove("ses_1").ok());
    CHECK_FALSE(sessions.find("ses_1")->has_value());
    CHECK(sessions.history("ses_1")->empty());
}

TEST_CASE("what to run and who the session is linked as survive a restart") {
    TestDir dir;
    const auto file = dir.path() / "wagw.db";
    {
        auto db = open_gateway_db(file);
        store::SessionRepository sessions(db);
        REQUIRE(sessions.insert(make_session("ses_1", "shop", 1)).ok());
        REQUIRE(sessions.set_desired_running("ses_1", true, 2).ok());
        REQUIRE(sessions.set_account("ses_1", "15551234567:3@s.whatsapp.net", "15551234567", "Shop", 3).ok());
    }
    auto db = open_gateway_db(file);  // the gateway restarted
    store::SessionRepository sessions(db);
    auto session = sessions.find("ses_1");
    REQUIRE(session->has_value());
    CHECK((*session)->desired_running);
    CHECK((*session)->jid == "15551234567:3@s.whatsapp.net");
    CHECK((*session)->phone == "15551234567");
    CHECK((*session)->push_name == "Shop");
}

TEST_CASE("the history keeps only the newest transitions") {
    TestDir dir;
    auto db = open_gateway_db(dir.path() / "wagw.db");
    store::SessionRepository sessions(db, 3);
    REQUIRE(sessions.insert(make_session("ses_1", "shop", 1)).ok());
    REQUIRE(sessions.insert(make_session("ses_2", "other", 1)).ok());
    REQUIRE(sessions.record_state("ses_2", SessionState::starting, "kept", 5).ok());
    for (int i = 0; i < 10; ++i) {
        const auto state = i % 2 ? SessionState::connected : SessionState::reconnecting;
        REQUIRE(sessions.record_state("ses_1", state, "round " + std::to_string(i), 10 + i).ok());
    }
    auto history = sessions.history("ses_1");
    REQUIRE(history->size() == 3);
    CHECK(history->front().reason == "round 7");
    CHECK(history->back().reason == "round 9");
    CHECK(sessions.history("ses_2")->size() == 1);  // other sessions' rows are untouched
}
