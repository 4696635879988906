#include "backend/api/openapi.hpp"

#include <cctype>
#include <vector>

#include "common/api/scopes.hpp"

namespace wagw::api {
namespace {

std::vector<std::string> path_parameters(std::string_view path) {
    std::vector<std::string> names;
    for (std::size_t colon = path.find(':'); colon != std::string_view::npos;
         colon = path.find(':', colon + 1)) {
        const std::size_t end = path.find('/', colon);
        names.emplace_back(path.substr(colon + 1, end == std::string_view::npos ? end : end - colon - 1));
    }
    return names;
}

// get_api_sessions_id_start: unique because method + path is (the route table test checks that).
std::string operation_id(const Route& route) {
    std::string id(method_name(route.method));
    for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char c : route.path) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            id += c;
        } else if (c == '/' || c == '-' || c == '.') {
            if (id.back() != '_') id += '_';
        }
    }
    while (id.back() == '_') id.pop_back();
    return id;
}

// The first sentence of a route's summary: OpenAPI's summary is a title; the rest goes in the description.
std::string first_sentence(std::string_view text) {
    const std::size_t end = text.find(". ");
    return std::string(end == std::string_view::npos ? text : text.substr(0, end + 1));
}

std::string tag_of(const Route& route) {
    const std::string_view path = route.path;
    const std::size_t start = path.starts_with("/api/") ? 5 : 1;
    const std::size_t end = path.find_first_of("/.", start);
    std::string tag(path.substr(start, end == std::string_view::npos ? end : end - start));
    return tag;
}

nlohmann::json example_content(std::string_view content_type, std::string_view example) {
    const std::string type(media_type(content_type));
    if (type == "application/json") {
        return {{type,
                 {{"schema", {{"type", "object"}}},
                  {"example", nlohmann::json::parse(example, nullptr, false)}}}};
    }
    return {{type, {{"schema", {{"type", "string"}}}, {"example", std::string(example)}}}};
}

nlohmann::json error_schema() {
    return {
        {"type", "object"},
        {"required", {"error"}},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"required", {"code", "message"}},
            {"properties",
             {{"code",
               {{"type", "string"}, {"description", "stable and machine-readable, e.g. invalid_field"}}},
              {"message", {{"type", "string"}, {"description", "what went wrong, for a person"}}},
              {"field",
               {{"type", "string"}, {"description", "the request field at fault, when there is one"}}}}}}}}}};
}

nlohmann::json error_response(std::string description) {
    return {{"description", std::move(description)},
            {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

nlohmann::json operation(const Route& route) {
    const Scope scope = required_scope(route);
    nlohmann::json op;
    op["operationId"] = operation_id(route);
    op["summary"] = first_sentence(route.summary);
    std::string description(route.summary);
    if (scope != Scope::Public)
        description += "\n\nNeeds a key with the scope `" + std::string(scope_name(scope)) + "`.";
    op["description"] = description;
    op["tags"] = {tag_of(route)};
    op["x-wagw-scope"] = std::string(scope_name(scope));
    if (scope == Scope::Public) op["security"] = nlohmann::json::array();

    nlohmann::json parameters = nlohmann::json::array();
    for (const std::string& name : path_parameters(route.path)) {
        parameters.push_back(
            {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    if (!parameters.empty()) op["parameters"] = parameters;
    if (!route.example_request.empty()) {
        op["requestBody"] = {{"required", true},
                             {"content", example_content("application/json", route.example_request)}};
    }

    nlohmann::json responses;
    if (route.websocket) {
        responses["101"] = {
            {"description", "Switching to the WebSocket protocol; each message is one JSON event"},
            {"content", example_content("application/json", route.example_response)}};
    } else {
        responses[std::to_string(route.success_status)] = {
            {"description", "Success"},
            {"content", example_content(route.response_type, route.example_response)}};
    }
    if (!route.example_request.empty() || !parameters.empty())
        responses["400"] = {{"$ref", "#/components/responses/BadRequest"}};
    if (scope != Scope::Public) {
        responses["401"] = {{"$ref", "#/components/responses/Unauthorized"}};
        responses["403"] = {{"$ref", "#/components/responses/Forbidden"}};
    }
    if (!parameters.empty()) responses["404"] = {{"$ref", "#/components/responses/NotFound"}};
    if (!route.example_request.empty()) responses["413"] = {{"$ref", "#/components/responses/TooLarge"}};
    responses["default"] = {{"$ref", "#/components/responses/Error"}};
    op["responses"] = responses;
    return op;
}

}  // namespace

std::string openapi_path(std::string_view route_path) {
    std::string path;
    for (std::size_t i = 0; i < route_path.size(); ++i) {
        if (route_path[i] != ':') {
            path += route_path[i];
            continue;
        }
        const std::size_t end = route_path.find('/', i);
        const std::size_t stop = end == std::string_view::npos ? route_path.size() : end;
        path += "{" + std::string(route_path.substr(i + 1, stop - i - 1)) + "}";
        i = stop - 1;
    }
    return path;
}

std::string_view media_type(std::string_view content_type) {
    const std::size_t semicolon = content_type.find(';');
    return content_type.substr(0, semicolon);
}

nlohmann::json openapi_document() {
    nlohmann::json paths = nlohmann::json::object();
    for (const Route& route : all_routes()) {
        std::string method(method_name(route.method));
        for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        paths[openapi_path(route.path)][method] = operation(route);
    }
    nlohmann::json scopes = nlohmann::json::array();
    for (Scope scope : all_scopes()) {
        scopes.push_back(std::string(scope_name(scope)) + ": " + std::string(scope_description(scope)));
    }
    std::string scope_text = "Keys are scoped. A route needs the scope in its `x-wagw-scope`:";
    for (const auto& line : scopes) scope_text += "\n- " + line.get<std::string>();
    return {
        {"openapi", "3.1.0"},
        {"info",
         {{"title", "wagw"},
          {"version", WAGW_VERSION},
          {"description",
           "A self-hosted WhatsApp gateway. Send your API key in the X-Api-Key header or as Authorization: "
           "Bearer. A missing or unknown key gets 401 unauthorized; a key without the route's scope, or "
           "limited "
           "to other sessions, gets 403 forbidden.\n\n" +
               scope_text},
          {"license", {{"name", "GPL-3.0-or-later"}, {"identifier", "GPL-3.0-or-later"}}}}},
        {"servers", {{{"url", "/"}}}},
        {"security", {{{"apiKey", nlohmann::json::array()}}, {{"bearer", nlohmann::json::array()}}}},
        {"paths", paths},
        {"components",
         {{"securitySchemes",
           {{"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-Api-Key"}}},
            {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
          {"schemas", {{"Error", error_schema()}}},
          {"responses",
           {{"BadRequest", error_response("The request is malformed; the error names the field")},
            {"Unauthorized",
             error_response("No API key, or one that is unknown or revoked (code unauthorized)")},
            {"Forbidden",
             error_response("The key lacks the route's scope or may not use this session (code forbidden)")},
            {"NotFound", error_response("No such resource")},
            {"TooLarge", error_response("The body is larger than the route accepts")},
            {"Error", error_response("Any other error, in the same shape")}}}}},
    };
}

}  // namespace wagw::api
