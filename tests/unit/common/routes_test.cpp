#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "common/api/routes.hpp"
#include "common/api/scopes.hpp"
#include "common/util/json_fields.hpp"

using namespace wagw;

TEST_CASE("every route id has exactly one row in the route table") {
    std::set<int> ids;
    for (const api::Route& route : api::all_routes()) {
        CHECK(ids.insert(static_cast<int>(route.id)).second);
        CHECK(api::route(route.id).path == route.path);
    }
    CHECK(ids.size() == api::all_routes().size());
}

TEST_CASE("routes are unique, under /api, documented, with JSON examples") {
    std::set<std::string> seen;
    for (const api::Route& route : api::all_routes()) {
        INFO(route.path);
        // The two pages people and scrapers expect at the top level.
        if (route.id != api::RouteId::Docs && route.id != api::RouteId::Metrics)
            CHECK(route.path.starts_with("/api/"));
        CHECK(seen.insert(std::string(api::method_name(route.method)) + " " + std::string(route.path)).second);
        CHECK_FALSE(route.summary.empty());
        if (route.response_type == "application/json") CHECK(json_fields::parse(route.example_response).ok());
        if (!route.example_request.empty()) CHECK(json_fields::parse(route.example_request).ok());
    }
}

TEST_CASE("only health, the OpenAPI document and the docs page are open; every other route names its scope") {
    std::set<std::string> open;
    for (const api::Route& route : api::all_routes()) {
        INFO(route.path);
        const api::Scope scope = api::required_scope(route);
        if (scope == api::Scope::Public) {
            open.insert(std::string(route.path));
            continue;
        }
        CHECK(scope != api::Scope::Inferred);
        CHECK(api::parse_scope(api::scope_name(scope)) == scope);
    }
    CHECK(open == std::set<std::string>{"/api/health", "/api/openapi.json", "/docs"});
}

TEST_CASE("a row without a scope gets the one its path and method imply") {
    auto scope_of = [](api::HttpMethod method, std::string_view path) {
        return api::required_scope(api::Route{api::RouteId::Health, method, path, false, true, "s", "{}"});
    };
    CHECK(scope_of(api::HttpMethod::Get, "/api/sessions/:id/messages") == api::Scope::MessagesRead);
    CHECK(scope_of(api::HttpMethod::Post, "/api/sessions/:id/messages") == api::Scope::MessagesSend);
    CHECK(scope_of(api::HttpMethod::Delete, "/api/sessions/:id/messages/:mid") == api::Scope::MessagesSend);
    CHECK(scope_of(api::HttpMethod::Get, "/api/sessions/:id/chats") == api::Scope::MessagesRead);
    CHECK(scope_of(api::HttpMethod::Post, "/api/sessions/:id/pairing-code") == api::Scope::SessionsWrite);
    CHECK(scope_of(api::HttpMethod::Get, "/api/webhooks/:id/deliveries") == api::Scope::WebhooksManage);
    CHECK(scope_of(api::HttpMethod::Get, "/api/sessionsx") == api::Scope::KeysManage);  // unknown: admin only
    CHECK(api::parse_scope("sessions:admin") == std::nullopt);
    CHECK(api::admin_only(api::Scope::KeysManage));
}
