#pragma once
// Messages of every session: accepts outgoing ones into the durable outbox, sends them in order through the
// session's WaClient, follows their status from acks and receipts, and stores and announces incoming ones.
// Knows nothing of HTTP: the API layer calls it and maps its error codes (and the field it names).
//
// The outbox: POST commits a row (status queued, WhatsApp id chosen now) and only then answers; one sender
// per session takes the oldest queued row when the session's client is connected and hands it to the client
// with its stored id, one at a time, so messages leave in the order they were accepted. The server's ack
// makes it `sent`; a transient failure (no connection, a timeout) is retried with backoff; a permanent one
// (no such recipient, refused content) makes it `failed` with the reason. A row still queued at boot (a crash
// before the ack was stored) is sent again with the same id, and the receiver keeps one message per id.
//
// Threads: HTTP handlers call in from I/O threads and client events arrive on each client's strand. One mutex
// guards this service's own SQLite connection and the senders' state; clients are called and events
// published outside it.
//
// Error codes: "not_found", "not_linked", "idempotency_conflict", "not_own_message", "not_sent",
// "not_editable", "unknown_message", "missing_field", "invalid_field", "invalid_phone", "invalid_json",
// "database".
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "backend/services/message_request.hpp"
#include "backend/services/session_service.hpp"
#include "backend/store/database.hpp"
#include "backend/store/message_repository.hpp"
#include "common/model/events.hpp"
#include "common/model/message.hpp"

namespace wagw::services {

struct OutboxPolicy {
    std::chrono::milliseconds first_retry{500};  // after the first transient failure; doubles each time
    std::chrono::milliseconds max_retry{30000};
    int max_attempts = 8;  // transient failures while connected before the message is failed
};

// The one place message events are built: the session's id goes into the data (and, once the envelope has a
// session field, there too).
model::EventEnvelope message_event(const char* type, const std::string& session_id, std::int64_t at_ms,
                                   nlohmann::json data);

class MessageService {
public:
    using Publish = SessionService::Publish;
    using Clock = SessionService::Clock;

    // `db`: this service's own connection to the gateway database (migrated already).
    MessageService(asio::io_context& io, store::Database db, SessionService& sessions, Publish publish,
                   Clock clock, OutboxPolicy policy = {});
    ~MessageService();
    MessageService(const MessageService&) = delete;
    MessageService& operator=(const MessageService&) = delete;

    struct Accepted {
        std::string id;
        model::MessageStatus status = model::MessageStatus::queued;
    };
    // POST .../messages. `idempotency_key` empty: none. On failure `field` names the request field at fault.
    // `idempotency_body`: what the Idempotency-Key stands for when it is not `body` itself (the route swaps a
    // media_url for the media_id it fetched, but a retry must still count as the same request).
    Result<Accepted> send(const std::string& session_id, const nlohmann::json& body,
                          const std::string& idempotency_key, std::string& field,
                          const nlohmann::json* idempotency_body = nullptr);

    // Files sent by media_id come from the media store: `known` checks one exists at acceptance, `open` reads
    // it when the message goes out. Unset: media_id is refused.
    using MediaKnown = std::function<bool(const std::string& session_id, const std::string& media_id)>;
    using SessionMediaOpener =
        std::function<Result<OpenedMedia>(const std::string& session_id, const std::string& media_id)>;
    void set_media(MediaKnown known, SessionMediaOpener open) {
        media_known_ = std::move(known);
        open_media_ = std::move(open);
    }
    // PATCH and DELETE .../messages/{mid}: an edit or a revoke of one of our sent messages, itself queued.
    Result<Accepted> edit(const std::string& session_id, const std::string& message_id,
                          const nlohmann::json& body, std::string& field);
    Result<Accepted> revoke(const std::string& session_id, const std::string& message_id, std::string& field);

    struct Detail {
        model::Message message;
        std::vector<model::MessageStatusChange> timeline;
    };
    Result<Detail> get(const std::string& session_id, const std::string& message_id);

    struct ListQuery {
        std::string chat;       // as the user wrote it (normalized here)
        std::string direction;  // "", "in" or "out"
        std::string limit;      // "" or 1..200
        std::string before;     // "" or a message id of the session (the previous page's next_before)
    };
    struct Page {
        std::vector<model::Message> messages;
        std::string next_before;  // empty: no more
    };
    Result<Page> list(const std::string& session_id, const ListQuery& query, std::string& field);

    // SessionService's client observer: runs on the client's strand.
    void on_client_event(const std::string& session_id, const std::shared_ptr<wa::client::WaClient>& client,
                         const wa::client::ClientEvent& event);
    // Stops retry timers (at shutdown).
    void shutdown();

private:
    MediaKnown media_known_;
    SessionMediaOpener open_media_;
    // One sender per session.
    struct Outbox {
        std::shared_ptr<wa::client::WaClient> client;  // the session's client while it is connected
        bool connected = false;
        bool in_flight = false;        // one row handed to the client, its outcome not back yet
        bool retry_waiting = false;    // a backoff timer runs
        int failures = 0;              // transient failures of the current row while connected
        std::uint64_t generation = 0;  // a new client: callbacks of the old one are ignored
        std::unique_ptr<asio::steady_timer> retry;
    };
    using Events = std::vector<model::EventEnvelope>;

    Result<model::Session> linked_session(const std::string& session_id, std::string& field);
    Result<model::Message> sent_target_locked(const std::string& session_id, const std::string& message_id,
                                              const char* action, std::string& field);
    Result<Accepted> enqueue_locked(const model::Session& session, model::Message message,
                                    const std::string& idempotency_key, const std::string& request_hash);
    void pump(const std::string& session_id);
    void on_sent(const std::string& session_id, std::uint64_t generation, const std::string& id,
                 Result<wa::client::WaClient::SentMessage> outcome);
    void record_locked(const std::string& session_id, const std::string& id, model::MessageStatus status,
                       const std::string& reason, std::int64_t wa_timestamp, Events& events);
    void store_incoming(const std::string& session_id, const wa::client::MessageReceived& received);
    void publish_all(const Events& events);

    asio::io_context& io_;
    SessionService& sessions_;
    Publish publish_;
    Clock clock_;
    OutboxPolicy policy_;
    std::mutex mutex_;
    store::Database db_;
    store::MessageRepository repository_;
    std::map<std::string, Outbox> outboxes_;
};

}  // namespace wagw::services
