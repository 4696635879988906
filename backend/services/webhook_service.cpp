#include "backend/services/webhook_service.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>

#include "backend/services/random_text.hpp"

namespace wagw::services {
namespace {

constexpr std::array<int, 7> kRetrySteps{1, 6, 24, 120, 360, 720, 1440};
constexpr const char* kPingType = "webhook.ping";

Error not_found(const std::string& id) {
    return {"not_found", "no webhook with id " + id};
}

WebhookInputError bad(std::string field, std::string message) {
    return {field, {"invalid_field", std::move(message)}};
}

// http(s)://host[:port][/path][?query], parsed by libcurl's own URL parser (the one that will send to it).
std::optional<std::string> url_problem(const std::string& url) {
    if (url.size() > 2048) return "url is longer than 2048 characters";
    for (unsigned char c : url) {
        if (c <= 0x20 || c == 0x7f) return "url must not contain spaces or control characters";
    }
    CURLU* parsed = curl_url();
    std::optional<std::string> problem;
    if (curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
        problem = "url is not a valid absolute URL (e.g. https://example.com/hooks/wagw)";
    } else {
        char* scheme = nullptr;
        char* host = nullptr;
        curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0);
        curl_url_get(parsed, CURLUPART_HOST, &host, 0);
        const std::string scheme_text = scheme ? scheme : "";
        if (scheme_text != "http" && scheme_text != "https")
            problem = "url must start with http:// or https://";
        else if (!host || !*host)
            problem = "url has no host";
        curl_free(scheme);
        curl_free(host);
    }
    curl_url_cleanup(parsed);
    return problem;
}

bool wants(const model::Webhook& webhook, const model::EventEnvelope& event) {
    // A ping is for the one webhook it names, whatever its filters say.
    if (event.type == kPingType) return event.data.value("webhook_id", "") == webhook.id;
    return model::EventFilter{webhook.events, webhook.sessions}.matches(event);
}

}  // namespace

WebhookService::WebhookService(store::Database db, const store::SecretBox& box, EventLog& log, Clock clock,
                               WebhookRetryPolicy policy)
    : db_(std::move(db)), repository_(db_, box), log_(log), clock_(std::move(clock)), policy_(policy) {
    std::lock_guard lock(mutex_);
    if (auto sealed = repository_.seal_plain_secrets(); !sealed)
        std::fprintf(stderr, "wagw: sealing webhook secrets failed: %s\n", sealed.error().message.c_str());
    if (auto loaded = reload_locked(); !loaded)
        std::fprintf(stderr, "wagw: loading webhooks failed: %s\n", loaded.error().message.c_str());
}

void WebhookService::set_wake(Wake wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

Status WebhookService::reload_locked() {
    auto all = repository_.list();
    if (!all) return all.error();
    webhooks_ = std::move(*all);
    return ok_status();
}

Status WebhookService::catch_up() {
    auto bounds = log_.bounds();
    if (!bounds) return bounds.error();
    std::optional<std::uint64_t> cursor;
    {
        std::lock_guard lock(mutex_);
        auto stored = repository_.cursor();
        if (!stored) return stored.error();
        cursor = *stored;
        // First start with webhooks: history before it is not sent.
        if (!cursor) return repository_.set_cursor(bounds->last_id);
    }
    for (std::uint64_t since = *cursor;;) {
        auto page = log_.read_after(since, {});
        if (!page) return page.error();
        {
            std::lock_guard lock(mutex_);
            for (const auto& event : page->events) deliver_locked(event);
        }
        since = page->scanned_to;
        if (page->end) break;
    }
    return ok_status();
}

void WebhookService::on_event(const model::EventEnvelope& event) {
    if (event.id == 0) return;  // not stored: it could not be replayed either
    Wake wake;
    {
        std::lock_guard lock(mutex_);
        deliver_locked(event);
        wake = wake_;
    }
    if (wake) wake();
}

void WebhookService::deliver_locked(const model::EventEnvelope& event) {
    auto tx = store::Transaction::begin(db_);
    if (!tx) {
        std::fprintf(stderr, "wagw: webhook deliveries for event %llu: %s\n",
                     static_cast<unsigned long long>(event.id), tx.error().message.c_str());
        return;
    }
    const std::string body =
        model::to_json(event).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::int64_t now = clock_();
    for (const auto& webhook : webhooks_) {
        if (!wants(webhook, event)) continue;
        if (auto known = repository_.delivery_for_event(webhook.id, event.id); known && *known) continue;
        if (auto added = repository_.add_delivery(webhook.id, event.id, event.type, body, now); !added) {
            std::fprintf(stderr, "wagw: webhook delivery not stored: %s\n", added.error().message.c_str());
            return;
        }
    }
    if (auto s = repository_.set_cursor(event.id); !s) return;
    if (auto s = tx->commit(); !s)
        std::fprintf(stderr, "wagw: webhook deliveries not stored: %s\n", s.error().message.c_str());
}

std::variant<model::Webhook, WebhookInputError> WebhookService::validated(model::Webhook webhook,
                                                                          const nlohmann::json& body,
                                                                          bool creating) {
    if (!body.is_object()) return WebhookInputError{"", {"invalid_json", "the body must be a JSON object"}};
    for (const auto& [key, value] : body.items()) {
        if (key != "url" && key != "events" && key != "sessions" && key != "secret")
            return bad(key, key + " is not a webhook field (url, events, sessions, secret)");
    }
    if (body.contains("url") || creating) {
        if (!body.contains("url")) return bad("url", "url is required");
        if (!body["url"].is_string()) return bad("url", "url must be a string");
        webhook.url = body["url"].get<std::string>();
        if (auto problem = url_problem(webhook.url)) return bad("url", *problem);
    }
    if (body.contains("events") || creating) {
        if (!body.contains("events"))
            return bad("events", "events is required: event types, or [\"*\"] for all");
        const auto& events = body["events"];
        if (!events.is_array() || events.empty())
            return bad("events", "events must be a non-empty array of event types (or [\"*\"])");
        webhook.events.clear();
        for (const auto& entry : events) {
            if (!entry.is_string()) return bad("events", "events must hold strings");
            const auto type = entry.get<std::string>();
            if (!model::is_valid_event_filter(type))
                return bad("events", "unknown event type \"" + type + "\" (an event type, family.* or *)");
            webhook.events.push_back(type);
        }
    }
    if (body.contains("sessions")) {
        const auto& sessions = body["sessions"];
        webhook.sessions.clear();
        if (!sessions.is_null()) {
            if (!sessions.is_array()) return bad("sessions", "sessions must be an array of session ids");
            for (const auto& entry : sessions) {
                if (!entry.is_string() || entry.get<std::string>().empty())
                    return bad("sessions", "sessions must hold session ids");
                webhook.sessions.push_back(entry.get<std::string>());
            }
        }
    }
    if (body.contains("secret") && !body["secret"].is_null()) {
        if (!body["secret"].is_string()) return bad("secret", "secret must be a string");
        webhook.secret = body["secret"].get<std::string>();
        if (webhook.secret.size() < 16 || webhook.secret.size() > 256)
            return bad("secret", "secret must be 16 to 256 characters (or leave it out to get one)");
    } else if (creating) {
        webhook.secret = "whsec_" + random_base64url(24);
    }
    return webhook;
}

std::variant<model::Webhook, WebhookInputError> WebhookService::create(const nlohmann::json& body) {
    model::Webhook webhook;
    webhook.id = "whk_" + random_hex(8);
    webhook.created_at = webhook.updated_at = clock_();
    auto checked = validated(std::move(webhook), body, true);
    if (std::holds_alternative<WebhookInputError>(checked)) return checked;
    std::lock_guard lock(mutex_);
    const auto& created = std::get<model::Webhook>(checked);
    if (auto s = repository_.insert(created); !s) return WebhookInputError{"", s.error()};
    webhooks_.push_back(created);
    return checked;
}

std::variant<model::Webhook, WebhookInputError> WebhookService::update(const std::string& id,
                                                                       const nlohmann::json& body) {
    auto current = get(id);
    if (!current) return WebhookInputError{"id", current.error()};
    auto checked = validated(std::move(*current), body, false);
    if (std::holds_alternative<WebhookInputError>(checked)) return checked;
    auto& updated = std::get<model::Webhook>(checked);
    updated.updated_at = clock_();
    std::lock_guard lock(mutex_);
    if (auto s = repository_.update(updated); !s) return WebhookInputError{"", s.error()};
    if (auto s = reload_locked(); !s) return WebhookInputError{"", s.error()};
    return checked;
}

Result<std::vector<model::Webhook>> WebhookService::list() {
    std::lock_guard lock(mutex_);
    return webhooks_;
}

Result<model::Webhook> WebhookService::get(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(webhooks_.begin(), webhooks_.end(), [&](const auto& w) { return w.id == id; });
    if (it == webhooks_.end()) return not_found(id);
    return *it;
}

Status WebhookService::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto found = repository_.find(id);
    if (!found) return found.error();
    if (!*found) return not_found(id);
    if (auto s = repository_.remove(id); !s) return s;
    return reload_locked();
}

Result<std::vector<model::WebhookDelivery>> WebhookService::deliveries(const std::string& id,
                                                                       std::size_t limit) {
    if (auto found = get(id); !found) return found.error();
    std::lock_guard lock(mutex_);
    return repository_.deliveries(id, limit);
}

Result<model::WebhookDelivery> WebhookService::replay(const std::string& id, std::int64_t delivery_id) {
    if (auto found = get(id); !found) return found.error();
    Wake wake;
    Result<model::WebhookDelivery> result = Error{"not_found", ""};
    {
        std::lock_guard lock(mutex_);
        auto original = repository_.find_delivery(id, delivery_id);
        if (!original) return original.error();
        if (!*original)
            return Error{"not_found", "webhook " + id + " has no delivery " + std::to_string(delivery_id)};
        auto body = repository_.delivery_body(delivery_id);
        if (!body) return body.error();
        auto added =
            repository_.add_delivery(id, (*original)->event_id, (*original)->event_type, *body, clock_());
        if (!added) return added.error();
        auto fresh = repository_.find_delivery(id, *added);
        if (!fresh) return fresh.error();
        if (!*fresh) return Error{"database", "the replayed delivery vanished"};
        result = std::move(**fresh);
        wake = wake_;
    }
    if (wake) wake();
    return result;
}

Result<model::WebhookDelivery> WebhookService::ping(const std::string& id) {
    if (auto found = get(id); !found) return found.error();
    // Through the log like any event (so it has an id and shows on /api/events); wants() sends it here only.
    auto event = log_.publish({kPingType, 0, {{"webhook_id", id}, {"message", "a test delivery from wagw"}}});
    if (event.id == 0) return Error{"database", "the ping event could not be stored"};
    std::lock_guard lock(mutex_);
    auto delivery = repository_.delivery_for_event(id, event.id);
    if (!delivery) return delivery.error();
    if (!*delivery) return Error{"database", "the ping delivery was not stored"};
    auto found = repository_.find_delivery(id, **delivery);
    if (!found) return found.error();
    if (!*found) return Error{"database", "the ping delivery vanished"};
    return std::move(**found);
}

Result<std::vector<store::DueDelivery>> WebhookService::due(std::size_t limit) {
    std::lock_guard lock(mutex_);
    return repository_.due(clock_(), limit);
}

std::optional<std::int64_t> WebhookService::next_due() {
    std::lock_guard lock(mutex_);
    auto next = repository_.next_due();
    return next ? *next : std::nullopt;
}

std::chrono::milliseconds WebhookService::retry_delay(int attempts_made) const {
    const auto step = kRetrySteps[static_cast<std::size_t>(
        std::clamp(attempts_made - 1, 0, static_cast<int>(kRetrySteps.size()) - 1))];
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return std::chrono::milliseconds(static_cast<std::int64_t>(policy_.base.count() * step * jitter(random)));
}

void WebhookService::record_attempt(const store::DueDelivery& delivery,
                                    const model::DeliveryAttempt& attempt) {
    const bool delivered = attempt.status_code >= 200 && attempt.status_code < 300;
    auto status = delivered                                 ? model::DeliveryStatus::delivered
                  : attempt.attempt >= policy_.max_attempts ? model::DeliveryStatus::failed
                                                            : model::DeliveryStatus::pending;
    const std::int64_t next = status == model::DeliveryStatus::pending
                                  ? attempt.at_ms + attempt.duration_ms + retry_delay(attempt.attempt).count()
                                  : 0;
    std::lock_guard lock(mutex_);
    if (auto s = repository_.record_attempt(delivery.id, attempt, status, next); !s)
        std::fprintf(stderr, "wagw: webhook attempt not recorded: %s\n", s.error().message.c_str());
}

}  // namespace wagw::services
