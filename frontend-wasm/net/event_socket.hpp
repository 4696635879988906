#pragma once
// The live events WebSocket, reconnecting by itself with a growing delay after every drop. Each attempt asks
// for a fresh URL first (a browser authenticates with a single-use ticket in it).
#include <emscripten/websocket.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace wagw::web {

class EventSocket {
public:
    struct Handlers {
        std::function<void()> on_open;
        std::function<void(const std::string& text)> on_text;
        std::function<void()> on_close;
    };

    // Calls back with the URL to open, or nothing to stop trying (e.g. signed out).
    using UrlSource = std::function<void(std::function<void(std::optional<std::string> url)>)>;

    EventSocket(UrlSource url_source, Handlers handlers);
    ~EventSocket();
    void connect();

private:
    static EM_BOOL opened(int, const EmscriptenWebSocketOpenEvent*, void* self);
    static EM_BOOL received(int, const EmscriptenWebSocketMessageEvent* event, void* self);
    static EM_BOOL closed(int, const EmscriptenWebSocketCloseEvent*, void* self);
    void schedule_reconnect();

    void open(const std::string& url);

    UrlSource url_source_;
    std::string url_;
    Handlers handlers_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    EMSCRIPTEN_WEBSOCKET_T socket_ = 0;
    double retry_delay_ms_ = 500;
};

}  // namespace wagw::web
