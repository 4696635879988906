#pragma once
// Sends webhook deliveries as they fall due, on its own thread with libcurl's multi interface: every transfer
// runs side by side, so a slow or dead receiver only ever holds its own transfers (each with a timeout, and
// at most `per_webhook` at once per webhook), never another webhook's, a session or an HTTP handler.
// Deliveries live in the database (WebhookService); the dispatcher keeps only which ones are in flight, so
// after a stop or crash the pending ones are simply sent again.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <thread>

#include "backend/services/webhook_service.hpp"

namespace wagw::services {

struct WebhookDispatcherConfig {
    std::size_t per_webhook = 4;  // transfers in flight for one webhook
    std::size_t total = 64;       // in flight overall
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds timeout{10000};  // the whole request, answer included
};

class WebhookDispatcher {
public:
    WebhookDispatcher(WebhookService& service, WebhookDispatcherConfig config = {});
    ~WebhookDispatcher();  // stops; transfers in flight are abandoned and stay pending
    WebhookDispatcher(const WebhookDispatcher&) = delete;
    WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

    void start();
    void stop();
    void wake();  // from any thread: a delivery may be due now

private:
    struct Impl;
    void run();

    WebhookService& service_;
    WebhookDispatcherConfig config_;
    void* multi_ = nullptr;  // CURLM*
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace wagw::services
