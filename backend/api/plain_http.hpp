#pragma once
// Requests and replies as plain values, for route handlers that stay free of Restinio (session_routes.hpp):
// http_server.cpp turns a Restinio request into a PlainRequest and a PlainReply back into a response.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "common/api/routes.hpp"
#include "common/model/api_error.hpp"

namespace wagw::api {

struct PlainRequest {
    std::map<std::string, std::string> params;  // from the path, e.g. "id"
    std::string body;                           // raw; JSON for the routes that take one
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> headers;  // names in lower case; the last of repeated ones
    // The sessions the caller's key is limited to (lists show only these); nothing: every session.
    std::optional<std::set<std::string>> only_sessions;
};

struct PlainReply {
    int status = 200;
    nlohmann::json json;       // the body, unless content_type is set
    std::string content_type;  // non-empty: `bytes` is the body
    std::string bytes;

    static PlainReply error(const model::ApiError& error) {
        return {error.http_status, model::to_json(error), {}, {}};
    }
};

// Called exactly once per request, now or later, from any thread.
using Respond = std::function<void(PlainReply)>;
// Handles the routes the HTTP server does not answer itself.
using PlainRouteHandler = std::function<void(RouteId, const PlainRequest&, Respond)>;

}  // namespace wagw::api
