#include "frontend-wasm/app/backend_link.hpp"

#include <emscripten/emscripten.h>

#include <utility>
#include <vector>

#include "common/api/routes.hpp"
#include "common/model/api_error.hpp"
#include "common/util/json_fields.hpp"
#include "frontend-wasm/app/api_call.hpp"

namespace wagw::web {
namespace {

// JavaScript below: clang-format would split === into == =.
// clang-format off
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

// The key lives in this tab's sessionStorage: a reload keeps the user signed in, closing the tab forgets it.
EM_JS(char*, stored_key, (), {
    var key = window.sessionStorage.getItem("wagw.api_key") || "";
    var size = lengthBytesUTF8(key) + 1;
    var buffer = _malloc(size);
    stringToUTF8(key, buffer, size);
    return buffer;
});
EM_JS(void, store_key, (const char* key), {
    var text = UTF8ToString(key);
    if (text) window.sessionStorage.setItem("wagw.api_key", text);
    else window.sessionStorage.removeItem("wagw.api_key");
});
// clang-format on

}  // namespace

BackendLink::BackendLink(AppModel& model) : model_(model) {}

void BackendLink::start() {
    char* key = stored_key();
    model_.sign_in.submitted = key;
    free(key);
}

void BackendLink::tick(double now_ms) {
    if (!health_in_flight_ && now_ms >= next_health_check_ms_) check_health(now_ms);
    SignIn& sign_in = model_.sign_in;
    if (sign_in.sign_out_requested) {
        sign_in.sign_out_requested = false;
        sign_out("");
    }
    if (!sign_in.submitted.empty() && !sign_in.checking) try_key(std::exchange(sign_in.submitted, {}));
    sessions_.tick(now_ms);
}

// A key is good when the gateway gives it an events ticket: the one call every signed-in page needs first.
void BackendLink::try_key(std::string key) {
    model_.sign_in.checking = true;
    model_.sign_in.problem.clear();
    api_call(key, "POST", std::string(api::route(api::RouteId::EventTickets).path), {},
             [this, key](HttpReply reply) {
                 model_.sign_in.checking = false;
                 if (reply.status == 201) {
                     model_.sign_in.key = key;
                     store_key(key.c_str());
                     connect_events();
                 } else if (reply.status == 401) {
                     sign_out(
                         "That API key is not valid. Use the admin key wagw printed when it first "
                         "started (or the one in WAGW_API_KEY).");
                 } else if (reply.status == 0) {
                     model_.sign_in.problem = "Cannot reach the gateway. Is it running?";
                 } else {
                     model_.sign_in.problem =
                         "The gateway answered HTTP " + std::to_string(reply.status) + "; try again.";
                 }
             });
}

void BackendLink::sign_out(std::string problem) {
    events_.reset();
    model_.live_connected = false;
    model_.sign_in.key.clear();
    model_.sign_in.problem = std::move(problem);
    store_key("");
    sessions_.reset();
}

void BackendLink::connect_events() {
    events_ = std::make_unique<EventSocket>(
        [this](std::function<void(std::optional<std::string>)> done) { events_url(std::move(done)); },
        EventSocket::Handlers{
            [this] {
                model_.live_connected = true;
                sessions_.refresh_soon();
            },
            [this](const std::string& text) { on_event_text(text); },
            [this] { model_.live_connected = false; },
        });
    events_->connect();
}

void BackendLink::events_url(std::function<void(std::optional<std::string>)> done) {
    const std::string key = model_.sign_in.key;
    if (key.empty()) return done(std::nullopt);
    api_call(key, "POST", std::string(api::route(api::RouteId::EventTickets).path), {},
             [this, done = std::move(done)](HttpReply reply) {
                 if (reply.status == 401) {
                     done(std::nullopt);
                     sign_out("The API key no longer works (was it changed?). Sign in again.");
                     return;
                 }
                 auto body = json_fields::parse(reply.body);
                 auto ticket = reply.status == 201 && body ? json_fields::string_at(*body, "ticket")
                                                           : Result<std::string>(Error{"no_ticket", ""});
                 if (!ticket) return done(std::string());  // not reachable now: retry later
                 done(websocket_url(api::route(api::RouteId::Events).path) + "?ticket=" + *ticket);
             });
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
            model_.health_problem =
                error ? error->message : "the gateway answered HTTP " + std::to_string(reply.status);
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
    sessions_.on_event(*event);
    model_.recent_events.push_front(std::move(*event));
    if (model_.recent_events.size() > AppModel::kRecentEventLimit) model_.recent_events.pop_back();
}

}  // namespace wagw::web
