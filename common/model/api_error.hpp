#pragma once
// The one error shape of the REST API: HTTP status + {"error":{"code","message","field"?}}, where "field"
// names the request field at fault (a body field, or a path/query parameter) when there is one.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/util/result.hpp"

namespace wagw::model {

struct ApiError {
    int http_status = 500;
    Error error;
    std::string field;  // empty: the error is not about one field

    static ApiError not_found(std::string message) { return {404, {"not_found", std::move(message)}}; }
    static ApiError bad_request(Error error) { return {400, std::move(error)}; }
    static ApiError method_not_allowed(std::string message) {
        return {405, {"method_not_allowed", std::move(message)}};
    }
    static ApiError internal(std::string message) { return {500, {"internal", std::move(message)}}; }
};

nlohmann::json to_json(const Error& error);  // the body: {"error":{"code","message"}}
nlohmann::json to_json(const ApiError& error);  // the body, with "field" when one is named
// Reads an error body back (the browser app shows it); nothing when the body has another shape.
std::optional<Error> api_error_from_json(const nlohmann::json& body);

}  // namespace wagw::model
