// API keys without HTTP: the service against a real SQLite file, the authorization rules, the metrics text
// and the request log line.
#include <catch2/catch.hpp>

#include "backend/api/authorization.hpp"
#include "backend/api/request_log.hpp"
#include "backend/services/api_keys.hpp"
#include "backend/services/metrics.hpp"
#include "backend/store/migrations.hpp"
#include "test_dir.hpp"

using namespace wagw;

namespace {

std::unique_ptr<services::ApiKeys> open_keys(const TestDir& dir) {
    auto db = store::Database::open(dir.path() / "wagw.db");
    REQUIRE(db.ok());
    REQUIRE(store::apply_migrations(*db, store::kGatewayComponent, store::gateway_migrations()).ok());
    store::Settings settings(*db);
    REQUIRE(services::set_admin_key(settings, "admin-key-0123456789abcdef").ok());
    auto admin = services::AdminKeyVerifier::load(settings);
    REQUIRE(admin.ok());
    auto keys = services::ApiKeys::load(
        std::move(*db), *admin, [] { return std::int64_t{1700000000000}; },
        [](const std::string& id) { return id == "ses_a" || id == "ses_b"; });
    REQUIRE(keys.ok());
    return std::move(*keys);
}

}  // namespace

TEST_CASE(
    "a created key authenticates with its scopes and sessions, survives a reload, and stops when revoked") {
    TestDir dir;
    std::string key;
    std::string id;
    {
        auto keys = open_keys(dir);
        auto created =
            keys->create({"bot", {"sessions:read", "messages:send"}, std::vector<std::string>{"ses_a"}});
        REQUIRE(created.ok());
        key = created->key;
        id = created->info.id;
        CHECK(created->info.scopes == std::vector<std::string>{"messages:send", "sessions:read"});
    }
    auto keys = open_keys(dir);  // a restart: read back from SQLite
    auto principal = keys->authenticate(key);
    REQUIRE(principal);
    CHECK(principal->id == id);
    CHECK_FALSE(principal->admin);
    CHECK(principal->has(api::Scope::SessionsRead));
    CHECK_FALSE(principal->has(api::Scope::SessionsWrite));
    CHECK(principal->may_touch_session("ses_a"));
    CHECK_FALSE(principal->may_touch_session("ses_b"));

    // One changed character of the secret, or of the id, is a different (unknown) key.
    std::string forged = key;
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    CHECK_FALSE(keys->authenticate(forged));
    std::string other_id = key;
    other_id[9] = other_id[9] == '0' ? '1' : '0';
    CHECK_FALSE(keys->authenticate(other_id));
    CHECK_FALSE(keys->authenticate(""));
    CHECK(keys->authenticate("admin-key-0123456789abcdef")->admin);

    REQUIRE(keys->remove(id).ok());
    CHECK_FALSE(keys->authenticate(key));
    CHECK(keys->remove(id).error().code == "not_found");
    CHECK(open_keys(dir)->list().empty());
}

TEST_CASE("the database keeps a hash of the secret, never the key") {
    TestDir dir;
    auto keys = open_keys(dir);
    auto created = keys->create({"bot", {"sessions:read"}, std::nullopt});
    REQUIRE(created.ok());
    auto db = store::Database::open(dir.path() / "wagw.db");
    REQUIRE(db.ok());
    auto dump = db->prepare("SELECT id || name || scopes || secret_hash FROM api_keys");
    REQUIRE(dump.ok());
    REQUIRE(*dump->step());
    const std::string row = dump->column_text(0);
    CHECK(row.find(created->info.id) != std::string::npos);
    CHECK(row.find(created->key.substr(created->key.size() - 43)) == std::string::npos);
}

TEST_CASE("requests to create a key are checked field by field") {
    TestDir dir;
    auto keys = open_keys(dir);
    auto field_of = [&](services::NewApiKey request) {
        auto wrong = keys->check(request);
        return wrong ? wrong->field : std::string("ok");
    };
    CHECK(field_of({"bot", {"sessions:read"}, std::nullopt}) == "ok");
    CHECK(field_of({"", {"sessions:read"}, std::nullopt}) == "name");
    CHECK(field_of({"bot", {}, std::nullopt}) == "scopes");
    CHECK(field_of({"bot", {"keys:manage"}, std::nullopt}) == "scopes");
    CHECK(field_of({"bot", {"everything"}, std::nullopt}) == "scopes");
    CHECK(field_of({"bot", {"sessions:read"}, std::vector<std::string>{}}) == "sessions");
    CHECK(field_of({"bot", {"sessions:read"}, std::vector<std::string>{"ses_zzz"}}) == "sessions");
    CHECK_FALSE(keys->create({"bot", {"keys:manage"}, std::nullopt}).ok());
    CHECK(keys->list().empty());
}

TEST_CASE("authorization: scopes first, then the sessions a key is limited to") {
    const api::Route& get = api::route(api::RouteId::SessionGet);
    const api::Route& create = api::route(api::RouteId::SessionCreate);
    const api::Route& list = api::route(api::RouteId::SessionList);
    services::Principal reader{"key_1", false, {api::Scope::SessionsRead}, std::nullopt};
    CHECK_FALSE(api::forbidden(reader, get, {{"id", "ses_a"}}));
    auto refused = api::forbidden(reader, create, {});
    REQUIRE(refused);
    CHECK(refused->http_status == 403);
    CHECK(refused->error.code == "forbidden");
    CHECK(refused->error.message.find("sessions:write") != std::string::npos);

    services::Principal limited{"key_2",
                                false,
                                {api::Scope::SessionsRead, api::Scope::SessionsWrite, api::Scope::EventsRead},
                                std::set<std::string>{"ses_a"}};
    CHECK_FALSE(api::forbidden(limited, get, {{"id", "ses_a"}}));
    CHECK(api::forbidden(limited, get, {{"id", "ses_b"}}));
    CHECK_FALSE(api::forbidden(limited, list, {}));  // allowed, and the handler filters
    CHECK(api::forbidden(limited, create, {}));
    CHECK(api::forbidden(limited, api::route(api::RouteId::EventTickets), {}));
    CHECK_FALSE(
        api::forbidden(services::Principal::administrator(), api::route(api::RouteId::KeyCreate), {}));
}

TEST_CASE("metrics render as Prometheus text, with cumulative buckets and escaped labels") {
    services::Metrics metrics;
    metrics.count("wagw_things_total", "Things", {{"kind", "a\"b\\c\nd"}});
    metrics.count("wagw_things_total", "Things", {{"kind", "a\"b\\c\nd"}}, 2);
    const double buckets[] = {0.1, 1};
    metrics.observe("wagw_wait_seconds", "Waits", {}, 0.05, buckets);
    metrics.observe("wagw_wait_seconds", "Waits", {}, 0.5, buckets);
    metrics.observe("wagw_wait_seconds", "Waits", {}, 5, buckets);
    metrics.gauge("wagw_depth", "Depth", [] { return services::GaugeSamples{{{{"queue", "out"}}, 7}}; });
    const std::string text = metrics.render();
    CHECK(text.find("# TYPE wagw_things_total counter\nwagw_things_total{kind=\"a\\\"b\\\\c\\nd\"} 3\n") !=
          std::string::npos);
    CHECK(text.find("wagw_wait_seconds_bucket{le=\"0.1\"} 1\n"
                    "wagw_wait_seconds_bucket{le=\"1\"} 2\n"
                    "wagw_wait_seconds_bucket{le=\"+Inf\"} 3\n"
                    "wagw_wait_seconds_sum 5.55\n"
                    "wagw_wait_seconds_count 3\n") != std::string::npos);
    CHECK(text.find("# TYPE wagw_depth gauge\nwagw_depth{queue=\"out\"} 7\n") != std::string::npos);
}

TEST_CASE("a request log line names the route pattern, status and time") {
    using namespace std::chrono_literals;
    CHECK(api::request_log_line({"GET", "/api/sessions/:id", 404, 1500us}) ==
          "method=GET route=/api/sessions/:id status=404 ms=1.50");
}
