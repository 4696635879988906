#include "backend/api/http_server.hpp"

#include <poll.h>
#include <unistd.h>

#include <restinio/all.hpp>

#include <asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cctype>
#include <map>
#include <mutex>

#include "backend/api/authorization.hpp"
#include "backend/api/docs_page.hpp"
#include "backend/api/event_socket.hpp"
#include "backend/api/event_socket_quota.hpp"
#include "backend/api/openapi.hpp"
#include "backend/api/request_log.hpp"
#include "backend/api/static_files.hpp"
#include "backend/fs/contained_path.hpp"
#include "common/api/routes.hpp"
#include "common/api/scopes.hpp"
#include "common/model/api_error.hpp"
#include "common/model/events.hpp"

namespace wagw::api {
namespace {

// Counts connections as Restinio accepts and closes them, for the accept-loop check below.
struct ConnectionCounter {
    std::atomic<std::uint64_t> accepted{0};
    std::atomic<std::int64_t> open{0};

    void state_changed(const restinio::connection_state::notice_t& notice) noexcept {
        if (restinio::holds_alternative<restinio::connection_state::accepted_t>(notice.cause())) {
            ++accepted;
            ++open;
        } else if (restinio::holds_alternative<restinio::connection_state::closed_t>(notice.cause())) {
            --open;
        }
    }
};

using Router = restinio::router::express_router_t<>;
struct Traits : restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t> {
    static constexpr bool use_connection_count_limiter = true;
    using connection_state_listener_t = ConnectionCounter;
};
using Server = restinio::http_server_t<Traits>;
using Request = restinio::request_handle_t;
using Params = restinio::router::route_params_t;
using Handling = restinio::request_handling_status_t;

// One request on its way through the server. Every answer goes through it, so each request is logged and
// counted exactly once, under its route pattern.
struct Exchange {
    Request req;
    std::string_view route;  // the pattern, "static" or "unmatched": never the raw path or query
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::shared_ptr<const RequestObserver> observer;

    void finished(int status) const {
        if (!observer) return;
        observer->finished(
            {req->header().method().c_str(), route, status, std::chrono::steady_clock::now() - start});
    }
};

Handling reply_json(const Exchange& ex, restinio::http_status_line_t status, const nlohmann::json& body) {
    ex.finished(static_cast<int>(status.status_code().raw_code()));
    return ex.req->create_response(status)
        .append_header(restinio::http_field::content_type, "application/json")
        .append_header(restinio::http_field::cache_control, "no-store")
        .set_body(body.dump())
        .done();
}

restinio::http_status_line_t status_line(int code) {
    switch (code) {
        case 200: return restinio::status_ok();
        case 201: return restinio::status_created();
        case 202: return restinio::status_accepted();
        case 400: return restinio::status_bad_request();
        case 401: return restinio::status_unauthorized();
        case 204: return restinio::status_no_content();
        case 403: return restinio::status_forbidden();
        case 404: return restinio::status_not_found();
        case 405: return restinio::status_method_not_allowed();
        case 409: return restinio::status_conflict();
        case 413: return restinio::status_payload_too_large();
        case 422: return restinio::status_unprocessable_entity();
        case 429: return restinio::status_too_many_requests();
        case 503: return restinio::status_service_unavailable();
        default: return restinio::status_internal_server_error();
    }
}

Handling reply_error(const Exchange& ex, const model::ApiError& error) {
    ex.finished(error.http_status);
    auto response = ex.req->create_response(status_line(error.http_status));
    if (error.http_status == 401) response.append_header(restinio::http_field::www_authenticate, "Bearer");
    return response.append_header(restinio::http_field::content_type, "application/json")
        .append_header(restinio::http_field::cache_control, "no-store")
        .set_body(model::to_json(error).dump())
        .done();
}

restinio::http_method_id_t restinio_method(HttpMethod method) {
    switch (method) {
        case HttpMethod::Get: return restinio::http_method_get();
        case HttpMethod::Post: return restinio::http_method_post();
        case HttpMethod::Put: return restinio::http_method_put();
        case HttpMethod::Patch: return restinio::http_method_patch();
        case HttpMethod::Delete: return restinio::http_method_delete();
    }
    return restinio::http_method_get();
}

std::optional<std::string> header_value(const Request& req, restinio::http_field_t field) {
    auto value = req->header().opt_value_of(field);
    if (!value) return std::nullopt;
    return std::string(*value);
}

std::optional<std::string> header_value(const Request& req, std::string_view name) {
    auto value = req->header().opt_value_of(restinio::string_view_t(name.data(), name.size()));
    if (!value) return std::nullopt;
    return std::string(*value);
}

// The key a request carries: "X-Api-Key: K" or "Authorization: Bearer K".
std::optional<std::string> presented_key(const Request& req) {
    return key_from_headers(header_value(req, "X-Api-Key"),
                            header_value(req, restinio::http_field::authorization));
}

model::ApiError unauthorized(std::string message) { return {401, {"unauthorized", std::move(message)}}; }

// The ?ticket= of an events request; empty when there is none or the query cannot be parsed (then the
// request is simply unauthenticated, not an internal error).
std::string ticket_of(const Request& req) {
    try {
        const auto query = restinio::parse_query(req->header().query());
        auto ticket = restinio::opt_value<std::string>(query, "ticket");
        return ticket ? *ticket : std::string();
    } catch (const std::exception&) {
        return {};
    }
}

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
    asio::io_context& io;
    HttpServerConfig config;
// Splits "a,b,,c" into its non-empty parts.
std::vector<std::string> comma_list(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        if (comma > start) parts.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return parts;
}

// ?since=&types=&session= of an events request, checked against the log.
// `field` names the parameter at fault when it fails.
Result<EventSubscription> subscription_of(const Request& req, services::EventLog* log, std::string& field) {
    EventSubscription subscription;
    std::optional<std::string> since, types, sessions;
    try {
        // Relaxed (RFC 3986's query characters): "types=session.*,message.sent" as people type it; the
        // default parser refuses both * and the comma unescaped.
        const auto query = restinio::parse_query<restinio::parse_query_traits::relaxed>(req->header().query());
        since = restinio::opt_value<std::string>(query, "since");
        types = restinio::opt_value<std::string>(query, "types");
        sessions = restinio::opt_value<std::string>(query, "session");
    } catch (const std::exception&) {
        return Error{"bad_query", "the query string is malformed"};
    }
    if (types) {
        field = "types";
        subscription.filter.types = comma_list(*types);
        for (const auto& type : subscription.filter.types) {
            if (!model::is_valid_event_filter(type)) {
                return Error{"invalid_field", "types: unknown event type \"" + type +
                                                  "\" (an event type, a family like session.*, or *)"};
            }
        }
    }
    if (sessions) subscription.filter.sessions = comma_list(*sessions);
    if (since) {
        field = "since";
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(since->data(), since->data() + since->size(), value);
        if (since->empty() || ec != std::errc() || end != since->data() + since->size())
            return Error{"invalid_field", "since must be an event id (a non-negative integer)"};
        if (!log) return Error{"invalid_field", "this gateway keeps no event log to replay from"};
        auto bounds = log->bounds();
        if (!bounds) return bounds.error();
        if (value > bounds->last_id) {
            return Error{"unknown_since", "since is newer than every event of this gateway (newest: " +
                                              std::to_string(bounds->last_id) +
                                              "); was the gateway's database replaced?"};
        }
        subscription.since = value;
    }
    return subscription;
}

    HttpServerDeps deps;
    std::shared_ptr<ConnectionCounter> counter = std::make_shared<ConnectionCounter>();
    EventSocketQuota event_quota;
    std::unique_ptr<Server> server;
    // Servers replaced after a stalled accept loop. Their connections still point at them (Restinio's
    // connection limiter is referenced by raw pointer), so they live until the gateway stops.
    std::vector<std::unique_ptr<Server>> retired;
    std::atomic<int> listen_fd{-1};
    std::atomic<std::uint16_t> bound_port{0};
    std::atomic<std::uint64_t> restarts{0};
    asio::steady_timer accept_check;
    std::uint64_t accepted_at_last_check = 0;
    int stalled_checks = 0;
    // The watchdog (on any io thread) and close() (from the signal handler) both touch `server` and `closing`.
    std::mutex server_mutex;
    bool closing = false;
    std::shared_ptr<const RequestObserver> observer;

    Impl(asio::io_context& context, HttpServerConfig cfg, HttpServerDeps d)
        : io(context),
          config(std::move(cfg)),
          deps(std::move(d)),
          event_quota(config.max_event_sockets_per_key),
          accept_check(context),
          observer(std::make_shared<const RequestObserver>(deps.metrics, deps.log_requests)) {}

    static constexpr std::size_t kBodySlackBytes = 1024 * 1024;

    Exchange exchange(const Request& req, std::string_view route) const { return {req, route, {}, observer}; }

    std::size_t largest_route_body() const {
        std::size_t largest = 0;
        for (const Route& route : all_routes()) largest = std::max(largest, route.max_body_bytes);
        // Restinio drops a connection whose body passes its limit without a word, so it reads a little more
        // than the largest route allows and guarded() answers 413 for bodies in that margin.
        return std::min(largest + kBodySlackBytes, config.max_body_bytes);
    }

    std::unique_ptr<Server> make_server(std::uint16_t port) {
        auto router = std::make_unique<Router>();
        for (const Route& route : all_routes()) {
            router->add_handler(restinio_method(route.method), std::string(route.path),
                                [this, &route](const Request& req, Params params) {
                                    return guarded(exchange(req, route.path), route, std::move(params));
                                });
        }
        // Any other method on a known path is a client mistake worth naming, not a 404. Added after every
        // route, so a path with several methods (GET and POST /api/sessions) reaches each of them first.
        for (const Route& route : all_routes()) {
            std::string allowed;
            for (const Route& other : all_routes()) {
                if (other.path != route.path) continue;
                if (!allowed.empty()) allowed += ", ";
                allowed += method_name(other.method);
            }
            router->add_handler(restinio::router::none_of_methods(restinio_method(route.method)),
                                std::string(route.path), [this, &route, allowed](const Request& req, Params) {
                                    return reply_error(
                                        exchange(req, route.path),
                                        model::ApiError::method_not_allowed(std::string(route.path) +
                                                                            " only accepts " + allowed));
                                });
        }
        router->non_matched_request_handler(
            [this](const Request& req) { return serve_static_or_404(exchange(req, "unmatched")); });

        // The router decodes the path to match it and gives up on a malformed one by throwing, which would
        // drop the connection unanswered: such a path gets a 400 first.
        auto route_request = [this, router = std::shared_ptr<Router>(std::move(router))](const Request& req) {
            if (!fs::decode_url_path(req->header().path())) {
                return reply_error(
                    exchange(req, "unmatched"),
                    model::ApiError::bad_request({"bad_path",
                                                  "the request path has a malformed percent escape or is "
                                                  "not valid UTF-8"}));
            }
            return (*router)(req);
        };
        std::weak_ptr<Impl> weak = weak_from_this();
        return std::make_unique<Server>(restinio::external_io_context(io), [&](auto& settings) {
            settings.address(config.host)
                .port(port)
                .request_handler(std::move(route_request))
                .max_parallel_connections(config.max_connections)
                .connection_state_listener(counter)
                .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                              .max_url_size(config.max_url_bytes)
                                              .max_field_name_size(config.max_header_bytes)
                                              .max_field_value_size(config.max_header_bytes)
                                              .max_field_count(config.max_header_count)
                                              .max_body_size(largest_route_body()))
                .read_next_http_message_timelimit(config.request_read_timeout)
                .handle_request_timeout(config.request_handle_timeout)
                .acceptor_post_bind_hook([weak](asio::ip::tcp::acceptor& acceptor) {
                    if (auto self = weak.lock()) {
                        self->listen_fd = acceptor.native_handle();
                        self->bound_port = acceptor.local_endpoint().port();
                    }
                });
        });
    }

    // Authentication (401), scopes and session limits (403), body limits and a last line against exceptions,
    // for every route in the table.
    Handling guarded(const Exchange& ex, const Route& route, Params params) {
        const Request& req = ex.req;
        try {
            if (req->body().size() > route.max_body_bytes) {
                return reply_error(
                    ex, {413,
                         {"body_too_large", std::string(route.path) + " accepts at most " +
                                                std::to_string(route.max_body_bytes) + " bytes of body"}});
            }
            const auto path_params = params_of(route, params);
            std::optional<services::Principal> principal;
            if (route.needs_api_key) {
                auto key = presented_key(req);
                if (key) {
                    principal = deps.check_key(*key);
                    if (!principal) return reply_error(ex, unauthorized("the API key is not valid"));
                    if (auto refused = forbidden(*principal, route, path_params))
                        return reply_error(ex, *refused);
                } else if (!route.websocket) {
                    return reply_error(ex, unauthorized("send your API key in the X-Api-Key header "
                                                        "(or Authorization: Bearer <key>)"));
                }
            }
            return handle(ex, route, principal, path_params);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "wagw: %s %s failed: %s\n", std::string(method_name(route.method)).c_str(),
                         std::string(route.path).c_str(), e.what());
            return reply_error(ex, model::ApiError::internal("the request failed inside the gateway"));
        }
    }

    // The route's own :name segments say which parameters to take.
    static std::map<std::string, std::string> params_of(const Route& route, const Params& params) {
        std::map<std::string, std::string> taken;
        for (std::size_t colon = route.path.find(':'); colon != std::string_view::npos;
             colon = route.path.find(':', colon + 1)) {
            const auto end = route.path.find('/', colon);
            const auto length = end == std::string_view::npos ? end : end - colon - 1;
            const std::string name(route.path.substr(colon + 1, length));
            if (params.has(name)) taken.emplace(name, std::string(params[name]));
        }
        return taken;
    }

    Handling handle(const Exchange& ex, const Route& route,
                    const std::optional<services::Principal>& principal,
                    std::map<std::string, std::string> params) {
        switch (route.id) {
            case RouteId::Health:
                return reply_json(ex, restinio::status_ok(), model::to_json(deps.health.current()));
            case RouteId::EventTickets: {
                const std::string ticket = deps.tickets.issue(principal->id);
                return reply_json(ex, restinio::status_created(),
                                  {{"ticket", ticket}, {"expires_in_s", EventTickets::kLifetime.count()}});
            }
            case RouteId::Events:
                return open_event_socket(ex, principal ? std::optional(principal->id) : std::nullopt);
            case RouteId::OpenApi:
                return reply_json(ex, restinio::status_ok(), openapi_document());
            case RouteId::Docs: {
                const std::string host =
                    header_value(ex.req, restinio::http_field::host).value_or("127.0.0.1:8080");
                return reply_text(ex, route, docs_page_html("http://" + host));
            }
            case RouteId::Metrics:
                if (!deps.metrics)
                    return reply_error(ex, model::ApiError::not_found("metrics are not enabled"));
                return reply_text(ex, route, deps.metrics->render());
            default:
                return handle_plain(ex, route, std::move(params), principal);
        }
    }

    static Handling reply_text(const Exchange& ex, const Route& route, std::string body) {
        ex.finished(200);
        return ex.req->create_response()
            .append_header(restinio::http_field::content_type, std::string(route.response_type))
            .append_header(restinio::http_field::cache_control, "no-store")
            .set_body(std::move(body))
            .done();
    }

    // Routes answered by plain handlers (session_routes.hpp): the request goes in as values, the reply comes
    // back through a callback, possibly later and from another thread (Restinio sends it on the connection's
    // own executor).
    Handling handle_plain(const Exchange& ex, const Route& route, std::map<std::string, std::string> params,
                          const std::optional<services::Principal>& principal) {
        const Request& req = ex.req;
        if (!deps.plain_routes) return reply_error(ex, model::ApiError::not_found("no such route"));
        PlainRequest plain;
        plain.params = std::move(params);
        plain.body = req->body();
        if (principal) plain.only_sessions = principal->sessions;
        for (const auto& field : req->header()) {
            std::string name = field.name();
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            plain.headers.emplace(std::move(name), field.value());
        }
        try {
            for (const auto& [name, value] : restinio::parse_query(req->header().query()))
                plain.query.emplace(std::string(name), std::string(value));
        } catch (const std::exception&) {
            return reply_error(ex, {400, {"bad_query", "the query string is malformed"}, {}});
        }
        deps.plain_routes(route.id, plain, [ex](PlainReply reply) {
            ex.finished(reply.status);
            auto response = ex.req->create_response(status_line(reply.status));
            response.append_header(restinio::http_field::cache_control, "no-store");
            if (reply.content_type.empty()) {
                response.append_header(restinio::http_field::content_type, "application/json")
                    .set_body(reply.json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            } else {
                response.append_header(restinio::http_field::content_type, reply.content_type)
                    .set_body(std::move(reply.bytes));
            }
            response.done();
        });
        return restinio::request_accepted();
    }

    bool origin_allowed(const Request& req) const {
        auto origin = header_value(req, "Origin");
        if (!origin) return true;  // not a browser: the key or ticket is what counts
        auto host = header_value(req, restinio::http_field::host);
        if (host && (*origin == "http://" + *host || *origin == "https://" + *host)) return true;
        return std::find(config.allowed_origins.begin(), config.allowed_origins.end(), *origin) !=
               config.allowed_origins.end();
    }

    Handling open_event_socket(const Exchange& ex, std::optional<std::string> principal) {
        const Request& req = ex.req;
        wa::transport::HttpHead head;
        head.method = "GET";
        head.target = std::string(req->header().request_target());
        for (const auto& field : req->header()) head.headers.emplace_back(field.name(), field.value());
        auto client_key = wa::transport::check_upgrade_request(head);
        if (!client_key) {
            return reply_error(ex, model::ApiError::bad_request(
                                       {"websocket_required", "/api/events is a WebSocket endpoint: " +
                                                                  client_key.error().message}));
        }
        if (!origin_allowed(req)) {
            return reply_error(ex, {403,
                                    {"origin_not_allowed",
                                     "this page's origin may not open /api/events; "
                                     "add it with --allowed-origin"}});
        }
        if (!principal) {
            const std::string ticket = ticket_of(req);
            if (ticket.empty()) {
                return reply_error(ex, unauthorized("send your API key in the X-Api-Key header, or open the "
                                                    "socket with ?ticket= from POST /api/events/tickets"));
            }
            principal = deps.tickets.redeem(ticket);
            if (!principal) {
                return reply_error(ex,
                                   unauthorized("the ticket is unknown, used or expired; ask for a new one"));
            }
        }
        std::string field;
        auto subscription = subscription_of(req, deps.event_log, field);
        if (!subscription) {
            if (subscription.error().code == "database")
                return reply_error(ex, model::ApiError::internal("the event log could not be read"));
            return reply_error(ex, {400, subscription.error(), field});
        }
        auto slot = event_quota.take(*principal);
        if (!slot) {
            return reply_error(
                ex, {429,
                     {"too_many_event_sockets", "this key already has " +
                                                    std::to_string(config.max_event_sockets_per_key) +
                                                    " event sockets open; close one first"}});
        }
        // Take the socket from Restinio, as its own WebSocket upgrade does, and serve it with ours. The
        // connection's lifetime monitor comes along, so the socket still counts against max_connections.
        auto connection = std::move(restinio::impl::access_req_connection(*req));
        auto& http_connection = dynamic_cast<restinio::impl::connection_t<Traits>&>(*connection);
        auto internals = http_connection.move_upgrade_internals();
        using Monitor = decltype(internals.m_lifetime_monitor);
        struct Held {
            Held(std::shared_ptr<void> s, Monitor m, std::shared_ptr<ConnectionCounter> c)
                : slot(std::move(s)), monitor(std::move(m)), counter(std::move(c)) {}
            ~Held() { --counter->open; }
            std::shared_ptr<void> slot;
            Monitor monitor;
            std::shared_ptr<ConnectionCounter> counter;
        };
        auto held = std::make_shared<Held>(std::move(slot), std::move(internals.m_lifetime_monitor), counter);
        model::HelloEvent hello{WAGW_VERSION, deps.health.uptime_s()};
        ex.finished(101);
        if (deps.event_log) {
            if (auto bounds = deps.event_log->bounds()) hello.last_event_id = bounds->last_id;
        }
        run_event_socket(io, std::move(internals.m_socket), std::move(head), *client_key, deps.events,
                         deps.event_log, std::move(*subscription),
                         model::to_json(model::make_hello_event(hello, unix_time_ms())).dump(), std::move(held));
        return restinio::request_accepted();
    }

    Handling serve_static_or_404(Exchange ex) {
        const Request& req = ex.req;
        const std::string path(req->header().path());
        const bool is_api = path == "/api" || path.starts_with("/api/");
        const auto method = req->header().method();
        if (!is_api && (method == restinio::http_method_get() || method == restinio::http_method_head())) {
            if (auto file = resolve_static_file(config.web_root, path)) {
                ex.route = "static";
                ex.finished(200);
                return req->create_response()
                    .append_header(restinio::http_field::content_type, std::string(file->content_type))
                    .append_header(restinio::http_field::cache_control, "no-cache")
                    .set_body(restinio::sendfile(file->path.string()))
                    .done();
            }
        }
        return reply_error(
            ex, model::ApiError::not_found("no such route: " + std::string(method.c_str()) + " " + path));
    }

    // Restinio 0.6 stops accepting for good after one failed accept() (EMFILE, ENFILE, ...): its handler
    // ignores the error and never asks again, and its connection limiter keeps the failed attempt's slot. So
    // we watch the listener: connections waiting in the backlog while nothing was accepted over two checks,
    // with room under max_connections, mean the loop is dead. Once a descriptor can be had again, a fresh
    // server takes the port over (the old one is kept for the connections it still serves).
    void watch_acceptor() {
        accept_check.expires_after(config.accept_check_interval);
        accept_check.async_wait([weak = weak_from_this()](const std::error_code& ec) {
            auto self = weak.lock();
            if (ec || !self) return;
            self->check_acceptor();  // takes the lock itself when it restarts the listener
            std::lock_guard lock(self->server_mutex);
            if (!self->closing) self->watch_acceptor();
        });
    }

    void check_acceptor() {
        const int fd = listen_fd.load();
        if (fd < 0) return;
        pollfd waiting{fd, POLLIN, 0};
        const bool backlog = ::poll(&waiting, 1, 0) == 1 && (waiting.revents & POLLIN) != 0;
        const std::uint64_t accepted = counter->accepted.load();
        const bool room = counter->open.load() < static_cast<std::int64_t>(config.max_connections);
        const bool stalled = backlog && room && accepted == accepted_at_last_check;
        accepted_at_last_check = accepted;
        stalled_checks = stalled ? stalled_checks + 1 : 0;
        if (stalled_checks < 2) return;
        // Still out of descriptors: a restart would fail the same way. Try again at the next check.
        const int spare = ::dup(fd);
        if (spare < 0) return;
        ::close(spare);
        stalled_checks = 0;
        restart_listener();
    }

    void restart_listener() {
        const std::uint16_t port = bound_port.load();
        std::fprintf(stderr, "wagw: the HTTP listener stopped accepting (out of file descriptors?); restarting it\n");
        std::lock_guard lock(server_mutex);
        if (closing) return;
        try {
            server->close_sync();
            retired.push_back(std::move(server));
            listen_fd = -1;
            server = make_server(port);
            server->open_sync();
            ++restarts;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "wagw: restarting the HTTP listener failed: %s; trying again\n", e.what());
        }
    }
};

HttpServer::HttpServer(asio::io_context& io, HttpServerConfig config, HttpServerDeps deps)
    : impl_(std::make_shared<Impl>(io, std::move(config), std::move(deps))) {}

HttpServer::~HttpServer() = default;

Status HttpServer::open() {
    try {
        impl_->server = impl_->make_server(impl_->config.port);
        impl_->server->open_sync();
    } catch (const std::exception& e) {
        return Error{"listen_failed", "cannot listen on " + impl_->config.host + ":" +
                                          std::to_string(impl_->config.port) + ": " + e.what()};
    }
    impl_->watch_acceptor();
    return ok_status();
}

void HttpServer::close() {
    std::lock_guard lock(impl_->server_mutex);
    impl_->closing = true;
    impl_->accept_check.cancel();
    if (impl_->server) impl_->server->close_async([] {}, [](std::exception_ptr) {});
}

std::uint16_t HttpServer::port() const { return impl_->bound_port.load(); }

std::uint64_t HttpServer::listener_restarts() const { return impl_->restarts.load(); }

}  // namespace wagw::api
