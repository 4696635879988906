#include "backend/services/webhook_dispatcher.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "backend/services/webhook_signature.hpp"

namespace wagw::services {
namespace {

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Receivers' replies are not needed; only so much is read before it is thrown away.
std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

struct Transfer {
    store::DueDelivery delivery;
    std::string body;
    curl_slist* headers = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    std::int64_t started_ms = 0;
    CURL* easy = nullptr;

    ~Transfer() {
        curl_slist_free_all(headers);
        if (easy) curl_easy_cleanup(easy);
    }
};

}  // namespace

WebhookDispatcher::WebhookDispatcher(WebhookService& service, WebhookDispatcherConfig config)
    : service_(service), config_(config) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    multi_ = curl_multi_init();
}

WebhookDispatcher::~WebhookDispatcher() {
    stop();
    curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void WebhookDispatcher::start() {
    thread_ = std::thread([this] { run(); });
}

void WebhookDispatcher::stop() {
    stopping_ = true;
    wake();
    if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::wake() {
    curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

void WebhookDispatcher::run() {
    auto* multi = static_cast<CURLM*>(multi_);
    std::map<CURL*, std::unique_ptr<Transfer>> in_flight;
    std::map<std::string, std::size_t> per_webhook;
    std::set<std::int64_t> sending;  // delivery ids

    auto launch = [&](store::DueDelivery delivery) {
        auto transfer = std::make_unique<Transfer>();
        transfer->delivery = std::move(delivery);
        const auto& d = transfer->delivery;
        const std::int64_t timestamp = now_ms() / 1000;
        transfer->body = d.body;
        const std::string headers[] = {
            "Content-Type: application/json",
            "User-Agent: wagw-webhooks/" WAGW_VERSION,
            "X-Wagw-Event-Id: " + std::to_string(d.event_id),
            "X-Wagw-Delivery-Id: " + std::to_string(d.id),
            "X-Wagw-Timestamp: " + std::to_string(timestamp),
            "X-Wagw-Signature: " + webhook_signature(d.secret, timestamp, transfer->body),
            "Expect:",  // no 100-continue round trip
        };
        for (const auto& header : headers)
            transfer->headers = curl_slist_append(transfer->headers, header.c_str());
        CURL* easy = curl_easy_init();
        transfer->easy = easy;
        curl_easy_setopt(easy, CURLOPT_URL, d.url.c_str());
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer->body.c_str());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(transfer->body.size()));
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers);
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout.count()));
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
        transfer->started_ms = now_ms();
        ++per_webhook[d.webhook_id];
        sending.insert(d.id);
        curl_multi_add_handle(multi, easy);
        in_flight.emplace(easy, std::move(transfer));
    };

    auto finish = [&](CURL* easy, CURLcode result) {
        auto it = in_flight.find(easy);
        if (it == in_flight.end()) return;
        std::unique_ptr<Transfer> transfer = std::move(it->second);
        in_flight.erase(it);
        curl_multi_remove_handle(multi, easy);
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        model::DeliveryAttempt attempt;
        attempt.attempt = transfer->delivery.attempts + 1;
        attempt.at_ms = transfer->started_ms;
        attempt.duration_ms = now_ms() - transfer->started_ms;
        attempt.status_code = result == CURLE_OK ? static_cast<int>(status) : 0;
        if (result != CURLE_OK) {
            attempt.error = transfer->error[0] ? transfer->error : curl_easy_strerror(result);
        } else if (status < 200 || status >= 300) {
            attempt.error = "the receiver answered " + std::to_string(status);
        }
        service_.record_attempt(transfer->delivery, attempt);
        --per_webhook[transfer->delivery.webhook_id];
        sending.erase(transfer->delivery.id);
    };

    while (!stopping_) {
        if (in_flight.size() < config_.total) {
            auto due = service_.due(config_.total * 4);
            if (!due) {
                std::fprintf(stderr, "wagw: reading due webhook deliveries failed: %s\n",
                             due.error().message.c_str());
            } else {
                for (auto& delivery : *due) {
                    if (in_flight.size() >= config_.total) break;
                    if (sending.contains(delivery.id)) continue;
                    if (per_webhook[delivery.webhook_id] >= config_.per_webhook) continue;
                    launch(std::move(delivery));
                }
            }
        }
        int running = 0;
        curl_multi_perform(multi, &running);
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
            if (message->msg == CURLMSG_DONE) finish(message->easy_handle, message->data.result);
        }
        // Sleep until a transfer has news, a wake() (new delivery), or the next retry falls due; at most 1 s,
        // which also bounds how late a retry can be if a wake were ever missed.
        long wait_ms = 1000;
        if (auto next = service_.next_due()) {
            const auto until = *next - now_ms();
            // Deliveries already due but held back by the per-webhook cap: wait for transfers instead.
            if (until > 0)
                wait_ms = std::min<long>(wait_ms, static_cast<long>(until));
            else if (in_flight.empty())
                wait_ms = 10;
        }
        curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait_ms), nullptr);
    }
    for (auto& [easy, transfer] : in_flight) curl_multi_remove_handle(multi, easy);
    in_flight.clear();
}

}  // namespace wagw::services
