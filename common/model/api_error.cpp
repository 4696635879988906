#include "common/model/api_error.hpp"

#include "common/util/json_fields.hpp"

namespace wagw::model {

nlohmann::json to_json(const Error& error) {
    return {{"error", {{"code", error.code}, {"message", error.message}}}};
}

nlohmann::json to_json(const ApiError& error) {
    nlohmann::json body = to_json(error.error);
    if (!error.field.empty()) body["error"]["field"] = error.field;
    return body;
}

std::optional<Error> api_error_from_json(const nlohmann::json& body) {
    auto inner = json_fields::object_at(body, "error");
    if (!inner) return std::nullopt;
    auto code = json_fields::string_at(*inner, "code");
    auto message = json_fields::string_at(*inner, "message");
    if (!code || !message) return std::nullopt;
    return Error{std::move(*code), std::move(*message)};
}

}  // namespace wagw::model
