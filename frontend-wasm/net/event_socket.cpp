#include "frontend-wasm/net/event_socket.hpp"

#include <emscripten/eventloop.h>

#include <algorithm>

namespace wagw::web {

EventSocket::EventSocket(UrlSource url_source, Handlers handlers)
    : url_source_(std::move(url_source)), handlers_(std::move(handlers)) {}

EventSocket::~EventSocket() {
    *alive_ = false;
    if (socket_ > 0) {
        emscripten_websocket_close(socket_, 1000, "signed out");
        emscripten_websocket_delete(socket_);
    }
}

void EventSocket::connect() {
    std::weak_ptr<bool> alive = alive_;
    url_source_([this, alive](std::optional<std::string> url) {
        if (alive.expired()) return;
        if (!url) return;  // nothing to connect with: the owner decides what comes next
        if (url->empty()) {
            schedule_reconnect();  // the gateway could not be asked: try again later
            return;
        }
        open(*url);
    });
}

void EventSocket::open(const std::string& url) {
    url_ = url;
    EmscriptenWebSocketCreateAttributes attributes;
    emscripten_websocket_init_create_attributes(&attributes);
    attributes.url = url_.c_str();
    socket_ = emscripten_websocket_new(&attributes);
    if (socket_ <= 0) {
        schedule_reconnect();
        return;
    }
    emscripten_websocket_set_onopen_callback(socket_, this, &EventSocket::opened);
    emscripten_websocket_set_onmessage_callback(socket_, this, &EventSocket::received);
    emscripten_websocket_set_onclose_callback(socket_, this, &EventSocket::closed);
}

EM_BOOL EventSocket::opened(int, const EmscriptenWebSocketOpenEvent*, void* self) {
    auto* socket = static_cast<EventSocket*>(self);
    socket->retry_delay_ms_ = 500;
    if (socket->handlers_.on_open) socket->handlers_.on_open();
    return EM_TRUE;
}

EM_BOOL EventSocket::received(int, const EmscriptenWebSocketMessageEvent* event, void* self) {
    auto* socket = static_cast<EventSocket*>(self);
    if (event->isText && socket->handlers_.on_text) {
        // numBytes counts the terminating zero of text messages.
        std::string text(reinterpret_cast<const char*>(event->data), event->numBytes ? event->numBytes - 1 : 0);
        socket->handlers_.on_text(text);
    }
    return EM_TRUE;
}

EM_BOOL EventSocket::closed(int, const EmscriptenWebSocketCloseEvent*, void* self) {
    auto* socket = static_cast<EventSocket*>(self);
    emscripten_websocket_delete(socket->socket_);
    socket->socket_ = 0;
    if (socket->handlers_.on_close) socket->handlers_.on_close();
    socket->schedule_reconnect();
    return EM_TRUE;
}

void EventSocket::schedule_reconnect() {
    const double delay = retry_delay_ms_;
    retry_delay_ms_ = std::min(retry_delay_ms_ * 2, 10000.0);
    // The socket may be gone (signed out) before the timer fires: the timer holds only a weak reference.
    struct Retry {
        std::weak_ptr<bool> alive;
        EventSocket* socket;
    };
    emscripten_set_timeout(
        [](void* data) {
            auto* retry = static_cast<Retry*>(data);
            if (!retry->alive.expired()) retry->socket->connect();
            delete retry;
        },
        delay, new Retry{alive_, this});
}

}  // namespace wagw::web
