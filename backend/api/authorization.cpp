#include "backend/api/authorization.hpp"

#include <algorithm>
#include <cctype>

#include "common/api/scopes.hpp"

namespace wagw::api {
namespace {

model::ApiError refuse(std::string message) {
    return {403, {"forbidden", std::move(message)}};
}

bool session_route(const Route& route) {
    return route.path == "/api/sessions/:id" || route.path.starts_with("/api/sessions/:id/");
}

}  // namespace

std::optional<std::string> key_from_headers(const std::optional<std::string>& x_api_key,
                                            const std::optional<std::string>& authorization) {
    if (x_api_key) return x_api_key;
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization && authorization->size() > kBearer.size() &&
        std::equal(kBearer.begin(), kBearer.end(), authorization->begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        return authorization->substr(kBearer.size());
    }
    return std::nullopt;
}

std::optional<model::ApiError> forbidden(const services::Principal& principal, const Route& route,
                                         const std::map<std::string, std::string>& params) {
    const Scope scope = required_scope(route);
    const std::string what = std::string(method_name(route.method)) + " " + std::string(route.path);
    if (!principal.has(scope)) {
        return refuse("this key lacks the scope " + std::string(scope_name(scope)) + " that " + what +
                      " needs");
    }
    if (!principal.sessions) return std::nullopt;
    // A key limited to some sessions: it reaches those by id, lists only those (the handler filters), and
    // cannot make new ones or watch the event stream of all sessions.
    if (session_route(route)) {
        auto id = params.find("id");
        if (id == params.end() || !principal.may_touch_session(id->second)) {
            return refuse("this key may not use session " +
                          (id == params.end() ? std::string() : id->second));
        }
        return std::nullopt;
    }
    if (route.id == RouteId::SessionCreate)
        return refuse("a key limited to some sessions cannot create sessions");
    if (scope == Scope::EventsRead || scope == Scope::WebhooksManage) {
        return refuse("a key limited to some sessions cannot see every session's events (" + what + ")");
    }
    return std::nullopt;
}

}  // namespace wagw::api
