#include <catch2/catch.hpp>

#include "common/model/api_error.hpp"
#include "common/model/events.hpp"
#include "common/model/health.hpp"
#include "common/model/session.hpp"
#include "common/util/json_fields.hpp"

using namespace wagw;

TEST_CASE("health status survives a JSON round trip") {
    model::HealthStatus health{"ok", "1.2.3", 4711, true};
    auto text = model::to_json(health).dump();
    auto parsed = json_fields::parse(text);
    REQUIRE(parsed.ok());
    auto back = model::health_from_json(*parsed);
    REQUIRE(back.ok());
    CHECK(*back == health);
}

TEST_CASE("health decoding names the field that is wrong") {
    struct Case {
        const char* body;
        const char* code;
        const char* mentions;
    };
    const Case cases[] = {
        {R"({"version":"1","uptime_s":1})", "missing_field", "status"},
        {R"({"status":1,"version":"1","uptime_s":1})", "invalid_field", "status"},
        {R"({"status":"ok","version":"1","uptime_s":"soon"})", "invalid_field", "uptime_s"},
        {R"({"status":"ok","version":"1","uptime_s":1.5})", "invalid_field", "uptime_s"},
        {R"({"status":"ok","version":"1","uptime_s":-3})", "invalid_field", "uptime_s"},
        {R"({"status":"ok","version":"1","uptime_s":3,"demo":"yes"})", "invalid_field", "demo"},
        {R"(["status","ok"])", "missing_field", "status"},
    };
    for (const Case& c : cases) {
        INFO(c.body);
        auto parsed = json_fields::parse(c.body);
        REQUIRE(parsed.ok());
        auto health = model::health_from_json(*parsed);
        REQUIRE_FALSE(health.ok());
        CHECK(health.error().code == c.code);
        CHECK_THAT(health.error().message, Catch::Contains(c.mentions));
    }
}

TEST_CASE("malformed JSON is rejected with a clear error, not an exception") {
    for (const char* text : {"", "{", "{\"status\":", "nul", "{\"a\":1,}", "\xff\xfe"}) {
        INFO(text);
        auto parsed = json_fields::parse(text);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == "invalid_json");
    }
}

TEST_CASE("API error body has the documented shape and round-trips") {
    Error error{"not_found", "no such route: GET /api/nope"};
    auto body = model::to_json(error);
    CHECK(body.dump() == R"({"error":{"code":"not_found","message":"no such route: GET /api/nope"}})");
    auto back = model::api_error_from_json(body);
    REQUIRE(back.has_value());
    CHECK(back->code == error.code);
    CHECK(back->message == error.message);
    CHECK_FALSE(model::api_error_from_json(nlohmann::json{{"error", "flat string"}}).has_value());
}

TEST_CASE("hello event round-trips through the event envelope") {
    auto event = model::make_hello_event({"0.9.0", 12}, 1700000000123);
    auto parsed = json_fields::parse(model::to_json(event).dump());
    REQUIRE(parsed.ok());
    auto envelope = model::event_from_json(*parsed);
    REQUIRE(envelope.ok());
    CHECK(envelope->type == "hello");
    CHECK(envelope->at_ms == 1700000000123);
    auto hello = model::hello_from_event(*envelope);
    REQUIRE(hello.ok());
    CHECK(hello->version == "0.9.0");
    CHECK(hello->uptime_s == 12);

    envelope->type = "message";
    CHECK_FALSE(model::hello_from_event(*envelope).ok());
    CHECK_FALSE(model::event_from_json(nlohmann::json{{"type", "hello"}, {"time", 1}}).ok());
}

TEST_CASE("the event envelope is {id,time,type,session,payload}; unstored and gateway events carry nulls") {
    model::EventEnvelope stored{"session.state", 1700000000123, {{"state", "connected"}}, 42, "ses_1"};
    CHECK(model::to_json(stored).dump() ==
          R"({"id":42,"payload":{"state":"connected"},"session":"ses_1","time":1700000000123,)"
          R"("type":"session.state"})");
    auto back = model::event_from_json(model::to_json(stored));
    REQUIRE(back.ok());
    CHECK(back->id == 42);
    CHECK(back->session == "ses_1");
    CHECK(back->data["state"] == "connected");

    auto hello = model::to_json(model::make_hello_event({"1.0.0", 1}, 5));
    CHECK(hello["id"].is_null());
    CHECK(hello["session"].is_null());
    auto hello_back = model::event_from_json(hello);
    REQUIRE(hello_back.ok());
    CHECK(hello_back->id == 0);
    CHECK(hello_back->session.empty());

    auto bad_id = model::to_json(stored);
    bad_id["id"] = "42";
    CHECK_FALSE(model::event_from_json(bad_id).ok());
}

TEST_CASE("event filters: exact known types, families with .*, and everything with *") {
    CHECK(model::is_valid_event_filter("*"));
    CHECK(model::is_valid_event_filter("session.state"));
    CHECK(model::is_valid_event_filter("group.*"));
    CHECK_FALSE(model::is_valid_event_filter("sessions.state"));
    CHECK_FALSE(model::is_valid_event_filter("nope.*"));
    CHECK_FALSE(model::is_valid_event_filter(""));
    CHECK(model::event_type_matches("group.*", "group.updated"));
    CHECK_FALSE(model::event_type_matches("group.*", "groupx.updated"));
    CHECK(model::event_type_matches("*", "session.qr"));
    CHECK_FALSE(model::event_type_matches("session.qr", "session.state"));
}

TEST_CASE(
    "optional JSON fields: absent or null gives the fallback, the wrong type an error, never an exception") {
    auto body = json_fields::parse(
        R"({"flag":"yes","n":1.5,"big":18446744073709551615,"s":null,"ok":true,"list":["a",1],"ids":["a","b"]})");
    REQUIRE(body.ok());
    CHECK(json_fields::bool_or(*body, "flag", false).error().code == "invalid_field");
    CHECK(*json_fields::bool_or(*body, "missing", true));
    CHECK(*json_fields::bool_or(*body, "ok", false));
    CHECK(json_fields::int_or(*body, "n", 0).error().code == "invalid_field");
    CHECK(json_fields::int_or(*body, "big", 0).error().code == "invalid_field");
    CHECK(*json_fields::number_or(*body, "n", 0) == 1.5);
    CHECK(json_fields::number_or(*body, "flag", 0).error().code == "invalid_field");
    CHECK(*json_fields::string_or(*body, "s", "fallback") == "fallback");
    CHECK(json_fields::string_or(*body, "ok", "").error().code == "invalid_field");
    CHECK_FALSE(json_fields::has(*body, "s"));
    CHECK(json_fields::has(*body, "flag"));
    CHECK(json_fields::strings_at(*body, "list").error().code == "invalid_field");
    CHECK(json_fields::strings_at(*body, "ids")->size() == 2);
    CHECK(json_fields::strings_at(*body, "none").error().code == "missing_field");
    // Not an object at all: every field is missing, nothing throws.
    auto array = json_fields::parse("[1,2]");
    REQUIRE(array.ok());
    CHECK(json_fields::string_at(*array, "to").error().code == "missing_field");
    CHECK(*json_fields::bool_or(*array, "from_me", false) == false);
}

TEST_CASE("a session survives its JSON codec, and its state names are the API's") {
    model::Session session;
    session.id = "ses_0123456789abcdef";
    session.name = "shop";
    session.state = model::SessionState::scan_qr;
    session.state_reason = "waiting for a QR scan";
    session.desired_running = true;
    session.jid = "15551234567:3@s.whatsapp.net";
    session.phone = "15551234567";
    session.created_at = 1700000000000;
    session.updated_at = 1700000001000;
    const auto json = model::to_json(session);
    CHECK(json["state"] == "scan_qr");
    auto back = model::session_from_json(json);
    REQUIRE(back.ok());
    CHECK(*back == session);

    using model::SessionState;
    for (auto state : {SessionState::stopped, SessionState::pairing_code, SessionState::failed})
        CHECK(model::state_from_name(model::state_name(state)) == state);
    CHECK_FALSE(model::state_from_name("zombie").has_value());

    auto bad = json;
    bad["state"] = "zombie";
    CHECK_FALSE(model::session_from_json(bad).ok());
    CHECK(model::check_session_name("front desk").ok());
    CHECK_FALSE(model::check_session_name("").ok());
    CHECK_FALSE(model::check_session_name("tab\there").ok());
}

TEST_CASE("an API error names its field only when there is one") {
    model::ApiError with_field{400, {"missing_field", "field \"name\" is missing"}, "name"};
    CHECK(model::to_json(with_field)["error"]["field"] == "name");
    model::ApiError without{404, {"not_found", "no such route"}, {}};
    CHECK_FALSE(model::to_json(without)["error"].contains("field"));
}
