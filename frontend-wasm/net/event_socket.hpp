#pragma once
// The live events WebSocket, reconnecting by itself with a growing delay after every drop.
#include <emscripten/websocket.h>

#include <functional>
#include <string>

namespace wagw::web {

class EventSocket {
public:
    struct Handlers {
        std::function<void()> on_open;
        std::function<void(const std::string& text)> on_text;
        std::function<void()> on_close;
    };

    EventSocket(std::string url, Handlers handlers);
    void connect();

private:
    static EM_BOOL opened(int, const EmscriptenWebSocketOpenEvent*, void* self);
    static EM_BOOL received(int, const EmscriptenWebSocketMessageEvent* event, void* self);
    static EM_BOOL closed(int, const EmscriptenWebSocketCloseEvent*, void* self);
    void schedule_reconnect();

    std::string url_;
    Handlers handlers_;
    EMSCRIPTEN_WEBSOCKET_T socket_ = 0;
    double retry_delay_ms_ = 500;
};

}  // namespace wagw::web
