#include "common/api/scopes.hpp"

#include <array>

namespace wagw::api {
namespace {

struct ScopeRow {
    Scope scope;
    std::string_view name;
    std::string_view description;
};

constexpr std::array kScopes{
    ScopeRow{Scope::SessionsRead, "sessions:read",
             "list sessions, their state, history, QR code and account"},
    ScopeRow{Scope::SessionsWrite, "sessions:write",
             "create, rename, start, stop, log out and delete sessions"},
    ScopeRow{Scope::MessagesRead, "messages:read", "read messages, chats, contacts, groups and media"},
    ScopeRow{Scope::MessagesSend, "messages:send", "send, edit and revoke messages; act on chats and groups"},
    ScopeRow{Scope::EventsRead, "events:read", "receive live events on /api/events"},
    ScopeRow{Scope::WebhooksManage, "webhooks:manage", "add, change and remove webhooks; see deliveries"},
    ScopeRow{Scope::MetricsRead, "metrics:read", "read /metrics (Prometheus)"},
    ScopeRow{Scope::KeysManage, "keys:manage", "create, list and revoke API keys (the admin key only)"},
};

// The parts of a session's path that are about its messages rather than the session itself.
constexpr std::array<std::string_view, 7> kMessagePaths{"/messages", "/media",    "/chats",   "/contacts",
                                                        "/groups",   "/presence", "/receipts"};

bool under(std::string_view path, std::string_view prefix) {
    return path == prefix || (path.starts_with(prefix) && path[prefix.size()] == '/');
}

Scope inferred_scope(const Route& route) {
    const bool read = route.method == HttpMethod::Get;
    const std::string_view path = route.path;
    if (under(path, "/api/keys")) return Scope::KeysManage;
    if (under(path, "/api/webhooks")) return Scope::WebhooksManage;
    if (under(path, "/api/events")) return Scope::EventsRead;
    if (under(path, "/metrics")) return Scope::MetricsRead;
    if (under(path, "/api/sessions")) {
        for (std::string_view part : kMessagePaths) {
            if (path.find(part) != std::string_view::npos)
                return read ? Scope::MessagesRead : Scope::MessagesSend;
        }
        return read ? Scope::SessionsRead : Scope::SessionsWrite;
    }
    // A route nobody classified: only the admin key reaches it until its row says otherwise.
    return Scope::KeysManage;
}

}  // namespace

std::span<const Scope> all_scopes() {
    static constexpr auto kAll = [] {
        std::array<Scope, kScopes.size()> all{};
        for (std::size_t i = 0; i < kScopes.size(); ++i) all[i] = kScopes[i].scope;
        return all;
    }();
    return kAll;
}

std::string_view scope_name(Scope scope) {
    if (scope == Scope::Public) return "public";
    for (const ScopeRow& row : kScopes) {
        if (row.scope == scope) return row.name;
    }
    return "inferred";
}

std::optional<Scope> parse_scope(std::string_view name) {
    for (const ScopeRow& row : kScopes) {
        if (row.name == name) return row.scope;
    }
    return std::nullopt;
}

std::string_view scope_description(Scope scope) {
    for (const ScopeRow& row : kScopes) {
        if (row.scope == scope) return row.description;
    }
    return "no key needed";
}

bool admin_only(Scope scope) {
    return scope == Scope::KeysManage;
}

Scope required_scope(const Route& route) {
    if (!route.needs_api_key) return Scope::Public;
    if (route.scope != Scope::Inferred && route.scope != Scope::Public) return route.scope;
    return inferred_scope(route);
}

}  // namespace wagw::api
