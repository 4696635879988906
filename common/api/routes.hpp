#pragma once
// The API route table: the single source for the server's routing, the browser client and the API docs page,
// so that the three can never disagree.
#include <cstddef>
#include <span>
#include <string_view>

namespace wagw::api {

enum class HttpMethod { Get, Post, Put, Patch, Delete };
std::string_view method_name(HttpMethod method);

enum class RouteId {
    Health,
    Events,
    EventTickets,
    SessionCreate,
    SessionList,
    SessionGet,
    SessionUpdate,
    SessionDelete,
    SessionStart,
    SessionStop,
    SessionLogout,
    SessionHistory,
    SessionMe,
    SessionQr,
    SessionDemoScan,
    SessionPairingCode,
    SessionDemoEnterCode,
    KeyCreate,
    KeyList,
    KeyDelete,
    OpenApi,
    Docs,
    Metrics,
    WebhookCreate,
    WebhookList,
    WebhookGet,
    WebhookUpdate,
    WebhookDelete,
    WebhookDeliveries,
    WebhookReplay,
    WebhookPing,
    MessageSend,
    MessageList,
    MessageGet,
    MessageEdit,
    MessageRevoke,
    MediaUpload,
    MediaFetch,
    MediaGet,
    TemplateCreate,
    TemplateList,
    TemplateGet,
    TemplateUpdate,
    TemplateDelete,
    TemplatePreview,
};

// What a key needs to call a route (scopes.hpp names them). Public routes need no key at all; Inferred lets a
// row leave the choice to required_scope(), which reads it from the path and method.
enum class Scope {
    Inferred,
    Public,
    SessionsRead,
    SessionsWrite,
    MessagesRead,
    MessagesSend,
    EventsRead,
    WebhooksManage,
    MetricsRead,
    KeysManage,
};

// Request bodies a route accepts unless it says otherwise: JSON commands are small.
inline constexpr std::size_t kDefaultMaxBodyBytes = 64 * 1024;
// A message may carry its file inline (media_base64, up to 16 MiB decoded).
inline constexpr std::size_t kMaxMessageBodyBytes = 24 * 1024 * 1024;
// One media file (upload body, media_url download): WhatsApp's own limit for most media kinds.
inline constexpr std::size_t kMaxMediaBytes = 64 * 1024 * 1024;

struct Route {
    RouteId id;
    HttpMethod method;
    std::string_view path;  // express-style, e.g. /api/sessions/:id
    bool websocket;         // upgraded to a WebSocket instead of a JSON reply
    bool needs_api_key;     // X-Api-Key or Authorization: Bearer (a WebSocket also takes ?ticket=)
    std::string_view summary;
    std::string_view example_response;
    std::size_t max_body_bytes = kDefaultMaxBodyBytes;  // larger bodies are refused with 413
    // The fields below have defaults so that a row may stop after any of them.
    Scope scope = Scope::Inferred;  // read it through required_scope() (scopes.hpp)
    int success_status = 200;
    std::string_view example_request = {};  // a JSON body, for routes that take one
    std::string_view response_type = "application/json";
};

std::span<const Route> all_routes();
const Route& route(RouteId id);

}  // namespace wagw::api
