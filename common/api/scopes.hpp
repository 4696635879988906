#pragma once
// What an API key may do. Each route of the table needs one scope; a key holds a set of them (the admin key
// holds all). Few and coarse on purpose: a shop owner choosing a key's rights should understand every box.
#include <optional>
#include <span>
#include <string_view>

#include "common/api/routes.hpp"

namespace wagw::api {

// The scopes a key can be given, by name ("sessions:read", ...), in the order the docs list them.
std::span<const Scope> all_scopes();
std::string_view scope_name(Scope scope);
std::optional<Scope> parse_scope(std::string_view name);
// One line saying what the scope allows, for the docs and the browser app.
std::string_view scope_description(Scope scope);
// keys:manage stays with the admin key: a key that could make keys could give itself every other scope.
bool admin_only(Scope scope);

// The scope a route needs: its own, or (a row that left it at Scope::Inferred) the one its path and method
// imply: GET reads, other methods write, by the resource the path names. Scope::Public for open routes.
Scope required_scope(const Route& route);

}  // namespace wagw::api
