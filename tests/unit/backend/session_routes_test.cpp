// The session handlers without HTTP: plain requests in, plain replies out, over a real service and database.
// (Starting clients and scanning QR codes is covered end to end by tests/http/sessions.test.mjs.)
#include <catch2/catch.hpp>

#include <asio/io_context.hpp>

#include <fstream>

#include "backend/api/session_routes.hpp"
#include "backend/store/migrations.hpp"
#include "test_dir.hpp"

using namespace wagw;
using api::RouteId;

namespace {

struct Fixture {
    TestDir dir;
    asio::io_context io;
    store::Database db = open();
    std::vector<model::EventEnvelope> published;
    std::int64_t now = 1000;
    services::SessionService sessions{io,
                                      db,
                                      {dir.path() / "sessions", {}, nullptr},
                                      [this](const model::EventEnvelope& e) { published.push_back(e); },
                                      [this] { return now; }};
    api::SessionRoutes routes{sessions, {}};

    store::Database open() {
        auto opened = store::Database::open(dir.path() / "wagw.db");
        REQUIRE(opened.ok());
        REQUIRE(store::apply_migrations(*opened, store::kGatewayComponent, store::gateway_migrations()).ok());
        return std::move(*opened);
    }

    api::PlainReply call(RouteId route, std::string body = {}, std::map<std::string, std::string> params = {},
                         std::map<std::string, std::string> query = {}) {
        std::optional<api::PlainReply> reply;
        routes.handle(route, {std::move(params), std::move(body), std::move(query)},
                      [&](api::PlainReply r) { reply = std::move(r); });
        REQUIRE(reply.has_value());  // these routes answer at once
        return std::move(*reply);
    }
};

}  // namespace

TEST_CASE("sessions are created, listed, renamed and deleted through the plain handlers") {
    Fixture f;
    auto created = f.call(RouteId::SessionCreate, R"({"name":"shop"})");
    REQUIRE(created.status == 201);
    const std::string id = created.json["id"];
    CHECK(id.starts_with("ses_"));
    CHECK(created.json["state"] == "stopped");
    CHECK(created.json["created_at"] == 1000);

    auto list = f.call(RouteId::SessionList);
    REQUIRE(list.json["sessions"].size() == 1);

    f.now = 2000;
    auto renamed = f.call(RouteId::SessionUpdate, R"({"name":"front desk"})", {{"id", id}});
    CHECK(renamed.status == 200);
    CHECK(renamed.json["name"] == "front desk");
    CHECK(renamed.json["updated_at"] == 2000);

    CHECK(f.call(RouteId::SessionDelete, {}, {{"id", id}}).status == 200);
    auto gone = f.call(RouteId::SessionGet, {}, {{"id", id}});
    CHECK(gone.status == 404);
    CHECK(gone.json["error"]["field"] == "id");
}

TEST_CASE("bad session input names the field and gets the right status") {
    Fixture f;
    REQUIRE(f.call(RouteId::SessionCreate, R"({"name":"shop"})").status == 201);
    struct Case {
        RouteId route;
        std::string body;
        int status;
        std::string code;
        std::string field;
    };
    const Case cases[] = {
        {RouteId::SessionCreate, "{", 400, "invalid_json", ""},
        {RouteId::SessionCreate, "[]", 400, "invalid_json", ""},
        {RouteId::SessionCreate, "{}", 400, "missing_field", "name"},
        {RouteId::SessionCreate, R"({"name":7})", 400, "invalid_field", "name"},
        {RouteId::SessionCreate, R"({"name":"   "})", 400, "invalid_field", "name"},
        {RouteId::SessionCreate, R"({"name":"shop"})", 409, "name_taken", "name"},
    };
    for (const Case& c : cases) {
        INFO(c.body);
        auto reply = f.call(c.route, c.body);
        CHECK(reply.status == c.status);
        CHECK(reply.json["error"]["code"] == c.code);
        if (!c.field.empty()) CHECK(reply.json["error"]["field"] == c.field);
    }
    CHECK(f.call(RouteId::SessionList).json["sessions"].size() == 1);  // nothing stored by the refusals
}

TEST_CASE("a QR code is only there while the session waits for a scan, and demo scans need demo mode") {
    Fixture f;
    const std::string id = f.call(RouteId::SessionCreate, R"({"name":"shop"})").json["id"];
    auto qr = f.call(RouteId::SessionQr, {}, {{"id", id}});
    CHECK(qr.status == 409);
    CHECK(qr.json["error"]["code"] == "not_waiting_for_scan");
    auto format = f.call(RouteId::SessionQr, {}, {{"id", id}}, {{"format", "gif"}});
    CHECK(format.status == 400);
    CHECK(format.json["error"]["field"] == "format");
    auto scan = f.call(RouteId::SessionDemoScan, {}, {{"id", id}});
    CHECK(scan.status == 404);
    auto logout = f.call(RouteId::SessionLogout, {}, {{"id", id}});
    CHECK(logout.status == 409);
    CHECK(logout.json["error"]["code"] == "not_running");
}

TEST_CASE("a session left running by a crash reads as stopped after the restart, unless it should run") {
    Fixture f;
    const std::string id = f.call(RouteId::SessionCreate, R"({"name":"shop"})").json["id"];
    store::SessionRepository repository(f.db);
    REQUIRE(repository.record_state(id, model::SessionState::connected, "logged in", 1500).ok());
    REQUIRE(f.sessions.resume().ok());
    auto session = f.call(RouteId::SessionGet, {}, {{"id", id}});
    CHECK(session.json["state"] == "stopped");
    CHECK(session.json["state_reason"] == "the gateway restarted");
    REQUIRE_FALSE(f.published.empty());
    CHECK(f.published.back().type == "session.state");
    CHECK(f.published.back().data["state"] == "stopped");
}

TEST_CASE("the WhatsApp endpoint reads a trust root as hex or raw bytes and names a bad file") {
    TestDir dir;
    const auto hex_file = dir.path() / "root.pub";
    std::ofstream(hex_file) << std::string(62, 'a') << "0F\n";
    auto hex = services::read_trust_root(hex_file);
    REQUIRE(hex.ok());
    CHECK((*hex)[0] == 0xaa);
    CHECK((*hex)[31] == 0x0f);

    const auto raw_file = dir.path() / "root.bin";
    std::ofstream(raw_file, std::ios::binary) << std::string(32, '\x07');
    auto raw = services::read_trust_root(raw_file);
    REQUIRE(raw.ok());
    CHECK((*raw)[5] == 7);

    const auto bad_file = dir.path() / "bad.pub";
    std::ofstream(bad_file) << "not a key";
    auto bad = services::read_trust_root(bad_file);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == "bad_trust_root");
    CHECK(bad.error().message.find(bad_file.string()) != std::string::npos);

    auto missing = services::load_wa_endpoint("wss://127.0.0.1:1/ws/chat", dir.path() / "nope.pub", {});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("nope.pub") != std::string::npos);

    auto endpoint = services::load_wa_endpoint("wss://127.0.0.1:1/ws/chat", hex_file, {});
    REQUIRE(endpoint.ok());
    auto options = services::client_options(*endpoint, dir.path() / "client.db", nullptr);
    CHECK(options.server_url == "wss://127.0.0.1:1/ws/chat");
    CHECK(options.trust_root.public_key == *hex);
    CHECK(options.tls.verify_peer);
}
