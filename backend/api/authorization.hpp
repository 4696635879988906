#pragma once
// May this principal call this route? The one place where scopes and session limits are enforced, so every
// route of the table is checked the same way. Authentication (is the key valid: 401) happens before; this
// answers 403 with the reason, naming the missing scope.
#include <map>
#include <optional>
#include <string>

#include "backend/services/principal.hpp"
#include "common/api/routes.hpp"
#include "common/model/api_error.hpp"

namespace wagw::api {

// The key of "X-Api-Key: K", else of "Authorization: Bearer K" (the scheme in any case); nothing without one.
std::optional<std::string> key_from_headers(const std::optional<std::string>& x_api_key,
                                            const std::optional<std::string>& authorization);

// Nothing when allowed; otherwise a 403 "forbidden". `params` are the route's path parameters (":id").
std::optional<model::ApiError> forbidden(const services::Principal& principal, const Route& route,
                                         const std::map<std::string, std::string>& params);

}  // namespace wagw::api
