#pragma once
// GET /api/openapi.json: the API described in OpenAPI 3.1, generated from the route table (common/api) so it
// cannot disagree with what the server routes and checks.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/api/routes.hpp"

namespace wagw::api {

nlohmann::json openapi_document();

// Helpers shared with the docs page.
std::string openapi_path(std::string_view route_path);       // /api/sessions/:id -> /api/sessions/{id}
std::string_view media_type(std::string_view content_type);  // "text/html; charset=utf-8" -> "text/html"

}  // namespace wagw::api
