#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "common/api/routes.hpp"
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
        CHECK(route.path.starts_with("/api/"));
        CHECK(seen.insert(std::string(api::method_name(route.method)) + " " + std::string(route.path)).second);
        CHECK_FALSE(route.summary.empty());
        CHECK(json_fields::parse(route.example_response).ok());
    }
}
