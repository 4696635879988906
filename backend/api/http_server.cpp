#include "backend/api/http_server.hpp"

#include <restinio/all.hpp>
#include <restinio/websocket/websocket.hpp>

#include <functional>
#include <map>

#include "backend/api/static_files.hpp"
#include "common/api/routes.hpp"
#include "common/model/api_error.hpp"
#include "common/model/events.hpp"

namespace wagw::api {
namespace {

namespace rws = restinio::websocket::basic;
using Router = restinio::router::express_router_t<>;
using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t, Router>;
using Request = restinio::request_handle_t;
using Params = restinio::router::route_params_t;
using Handler = std::function<restinio::request_handling_status_t(const Request&, Params)>;

restinio::request_handling_status_t reply_json(const Request& req, restinio::http_status_line_t status,
                                               const nlohmann::json& body) {
    return req->create_response(status)
        .append_header(restinio::http_field::content_type, "application/json")
        .append_header(restinio::http_field::cache_control, "no-store")
        .set_body(body.dump())
        .done();
}

restinio::http_status_line_t status_line(int code) {
    switch (code) {
        case 400: return restinio::status_bad_request();
        case 401: return restinio::status_unauthorized();
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

restinio::request_handling_status_t reply_error(const Request& req, const model::ApiError& error) {
    return reply_json(req, status_line(error.http_status), model::to_json(error.error));
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

}  // namespace

struct HttpServer::Impl {
    HttpServerConfig config;
    HttpServerDeps deps;
    std::unique_ptr<restinio::http_server_t<Traits>> server;
    std::mutex sockets_mutex;
    std::map<EventHub::SubscriberId, rws::ws_handle_t> sockets;  // kept alive until closed

    Impl(asio::io_context& io, HttpServerConfig cfg, HttpServerDeps d)
        : config(std::move(cfg)), deps(d) {
        auto router = std::make_unique<Router>();
        for (const Route& route : all_routes()) {
            router->add_handler(restinio_method(route.method), std::string(route.path), handler_for(route.id));
            // Any other method on a known path is a client mistake worth naming, not a 404.
            router->add_handler(restinio::router::none_of_methods(restinio_method(route.method)),
                                std::string(route.path), [&route](const Request& req, Params) {
                                    return reply_error(req, model::ApiError::method_not_allowed(
                                                                std::string(route.path) + " only accepts " +
                                                                std::string(method_name(route.method))));
                                });
        }
        router->non_matched_request_handler([this](const Request& req) { return serve_static_or_404(req); });

        server = std::make_unique<restinio::http_server_t<Traits>>(
            restinio::external_io_context(io), [&](auto& settings) {
                settings.address(config.host)
                    .port(config.port)
                    .request_handler(std::move(router))
                    .read_next_http_message_timelimit(std::chrono::seconds(60))
                    .handle_request_timeout(std::chrono::seconds(30))
                    .cleanup_func([this] {
                        std::lock_guard lock(sockets_mutex);
                        sockets.clear();
                    });
            });
    }

    Handler handler_for(RouteId id) {
        switch (id) {
            case RouteId::Health:
                return [this](const Request& req, Params) {
                    return reply_json(req, restinio::status_ok(), model::to_json(deps.health.current()));
                };
            case RouteId::Events:
                return [this](const Request& req, Params) { return open_event_socket(req); };
        }
        return {};
    }

    restinio::request_handling_status_t open_event_socket(const Request& req) {
        if (restinio::http_connection_header_t::upgrade != req->header().connection()) {
            return reply_error(req, model::ApiError::bad_request(
                                        {"websocket_required", "/api/events is a WebSocket endpoint"}));
        }
        auto id_holder = std::make_shared<EventHub::SubscriberId>(0);
        auto ws = rws::upgrade<Traits>(
            *req, rws::activation_t::immediate, [this, id_holder](rws::ws_handle_t wsh, rws::message_handle_t m) {
                if (m->opcode() == rws::opcode_t::ping_frame) {
                    wsh->send_message(rws::final_frame, rws::opcode_t::pong_frame, m->payload());
                } else if (m->opcode() == rws::opcode_t::connection_close_frame) {
                    drop_socket(*id_holder);
                    wsh->shutdown();
                }
            });
        std::weak_ptr<rws::ws_t> weak = ws;
        *id_holder = deps.events.subscribe([weak](const std::string& text) {
            if (auto socket = weak.lock()) socket->send_message(rws::final_frame, rws::opcode_t::text_frame, text);
        });
        {
            std::lock_guard lock(sockets_mutex);
            sockets.emplace(*id_holder, ws);
        }
        model::HelloEvent hello{WAGW_VERSION, deps.health.uptime_s()};
        ws->send_message(rws::final_frame, rws::opcode_t::text_frame,
                         model::to_json(model::make_hello_event(hello, unix_time_ms())).dump());
        return restinio::request_accepted();
    }

    void drop_socket(EventHub::SubscriberId id) {
        deps.events.unsubscribe(id);
        std::lock_guard lock(sockets_mutex);
        sockets.erase(id);
    }

    restinio::request_handling_status_t serve_static_or_404(const Request& req) {
        const std::string path(req->header().path());
        const bool is_api = path == "/api" || path.starts_with("/api/");
        const auto method = req->header().method();
        if (!is_api && (method == restinio::http_method_get() || method == restinio::http_method_head())) {
            if (auto file = resolve_static_file(config.web_root, path)) {
                return req->create_response()
                    .append_header(restinio::http_field::content_type, std::string(file->content_type))
                    .append_header(restinio::http_field::cache_control, "no-cache")
                    .set_body(restinio::sendfile(file->path.string()))
                    .done();
            }
        }
        return reply_error(req, model::ApiError::not_found("no such route: " +
                                                           std::string(method.c_str()) + " " + path));
    }
};

HttpServer::HttpServer(asio::io_context& io, HttpServerConfig config, HttpServerDeps deps)
    : impl_(std::make_unique<Impl>(io, std::move(config), deps)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::open() {
    try {
        impl_->server->open_sync();
    } catch (const std::exception& e) {
        return Error{"listen_failed", "cannot listen on " + impl_->config.host + ":" +
                                          std::to_string(impl_->config.port) + ": " + e.what()};
    }
    return ok_status();
}

void HttpServer::close() {
    impl_->server->close_async([] {}, [](std::exception_ptr) {});
}

}  // namespace wagw::api
