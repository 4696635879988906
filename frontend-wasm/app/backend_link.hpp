#pragma once
// Keeps the model in step with the gateway: signs in with the admin key, polls /api/health and listens to
// /api/events. Network code only: it never draws.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "frontend-wasm/app/model.hpp"
#include "frontend-wasm/app/sessions_link.hpp"
#include "frontend-wasm/net/event_socket.hpp"

namespace wagw::web {

class BackendLink {
public:
    explicit BackendLink(AppModel& model);
    void start();
    void tick(double now_ms);  // called every frame; starts a health check when one is due

private:
    void check_health(double now_ms);
    void try_key(std::string key);
    void sign_out(std::string problem);
    void connect_events();
    // A fresh single-use ticket URL for the events socket; nothing when the key no longer works.
    void events_url(std::function<void(std::optional<std::string>)> done);
    void on_event_text(const std::string& text);

    AppModel& model_;
    SessionsLink sessions_{model_};
    std::unique_ptr<EventSocket> events_;
    bool health_in_flight_ = false;
    double next_health_check_ms_ = 0;

    static constexpr double kHealthIntervalMs = 5000;
};

}  // namespace wagw::web
