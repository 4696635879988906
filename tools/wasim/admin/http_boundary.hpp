#pragma once
// What every control-API request passes through: the bearer-token check, the one JSON error shape
// ({"error":{"code","message"}}), and the exception boundary. In --demo the simulator runs on the gateway's
// own io_context, so an exception that left a handler would end the whole gateway: none may.
#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "backend/wa/transport/websocket_server.hpp"
#include "common/util/result.hpp"

namespace wagw::wasim {

wa::transport::HttpResponse json_response(int status, const nlohmann::json& body);
wa::transport::HttpResponse error_response(int status, const Error& error);

// Whether the request carries "Authorization: Bearer `token`". The comparison takes the same time wherever
// the first differing byte is (BLAKE2b of both sides, then sodium_memcmp), so the token cannot be guessed
// bytewise.
bool has_bearer_token(const wa::transport::HttpRequest& request, std::string_view token);
// 401 with WWW-Authenticate, in the control API's error shape.
wa::transport::HttpResponse unauthorized_response();

// Runs `handler` and returns its answer. An exception becomes an answer instead of unwinding into the event
// loop: a JSON type error (a field read without the json_fields checks) is the client's 400, anything else a
// 500. Both are logged with `what` (method and path), since either means a handler needs fixing.
wa::transport::HttpResponse answer_without_throwing(
    std::string_view what, const std::function<wa::transport::HttpResponse()>& handler);

}  // namespace wagw::wasim
