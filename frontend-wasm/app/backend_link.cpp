#include "frontend-wasm/app/backend_link.hpp"

#include <emscripten/emscripten.h>

#include "common/api/routes.hpp"
#include "common/model/api_error.hpp"
#include "common/util/json_fields.hpp"
#include "frontend-wasm/net/http_client.hpp"

namespace wagw::web {
namespace {

// ws:// or wss:// on the page's own host, so the app works behind any reverse proxy that serves it.
EM_JS(char*, page_websocket_base, (), {
    var scheme = window.location.protocol === 'https:' ? 'wss://' : 'ws://';
    var text = scheme + window.location.host;
    var size = lengthBytesUTF8(text) + 1;
    var buffer = _malloc(size);
    stringToUTF8(text, buffer, size);
    return buffer;
});

std::string websocket_url(std::string_view path) {
    char* base = page_websocket_base();
    std::string url = std::string(base) + std::string(path);
    free(base);
    return url;
}

}  // namespace

BackendLink::BackendLink(AppModel& model) : model_(model) {}

void BackendLink::start() {
    events_ = std::make_unique<EventSocket>(
        websocket_url(api::route(api::RouteId::Events).path),
        EventSocket::Handlers{
            [this] { model_.live_connected = true; },
            [this](const std::string& text) { on_event_text(text); },
            [this] { model_.live_connected = false; },
        });
    events_->connect();
}

void BackendLink::tick(double now_ms) {
    if (!health_in_flight_ && now_ms >= next_health_check_ms_) check_health(now_ms);
}

void BackendLink::check_health(double now_ms) {
    health_in_flight_ = true;
    next_health_check_ms_ = now_ms + kHealthIntervalMs;
    http_get(std::string(api::route(api::RouteId::Health).path), [this](HttpReply reply) {
        health_in_flight_ = false;
        model_.health_checked_at_ms = emscripten_get_now();
        if (reply.status == 0) {
            model_.health_problem = "cannot reach the gateway";
            return;
        }
        auto body = json_fields::parse(reply.body);
        if (reply.status != 200) {
            auto error = body ? model::api_error_from_json(*body) : std::nullopt;
            model_.health_problem = error ? error->message : "the gateway answered HTTP " + std::to_string(reply.status);
            return;
        }
        auto health = body ? model::health_from_json(*body) : Result<model::HealthStatus>(body.error());
        if (!health) {
            model_.health_problem = "unexpected health reply: " + health.error().message;
            return;
        }
        model_.health = std::move(*health);
        model_.health_problem.clear();
    });
}

void BackendLink::on_event_text(const std::string& text) {
    auto json = json_fields::parse(text);
    if (!json) return;
    auto event = model::event_from_json(*json);
    if (!event) return;
    if (auto hello = model::hello_from_event(*event)) model_.hello = std::move(*hello);
    model_.recent_events.push_front(std::move(*event));
    if (model_.recent_events.size() > AppModel::kRecentEventLimit) model_.recent_events.pop_back();
}

}  // namespace wagw::web
