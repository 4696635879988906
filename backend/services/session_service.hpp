#pragma once
// The sessions service: creates, lists, renames and deletes sessions, and supervises one WaClient per running
// session on the gateway's io_context. Every state change is stored (state + history,
// store/session_repository) and published as a "session.state" event; QR codes go out as "session.qr" events
// and are kept in memory for GET /api/sessions/{id}/qr. Knows nothing of HTTP: the API layer calls it and
// maps its error codes.
//
// Threads: HTTP handlers call in from the I/O threads, and each client's events arrive on its own strand. One
// mutex guards the map of running clients and the database connection; clients are started, stopped and
// logged out outside it, so a client that emits an event from inside stop() cannot deadlock against us.
// (State changes are rare: a few per session per connection, so the SQLite writes under the mutex stay off
// any hot path.)
//
// Error codes: "not_found", "name_taken", "invalid_field", "not_waiting_for_scan", "not_running", "database",
// "already_linked", "not_waiting_for_code", "pairing_code_timeout", "not_connected".
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "backend/services/session_transitions.hpp"
#include "backend/services/wa_endpoint.hpp"
#include "backend/store/database.hpp"
#include "backend/store/session_repository.hpp"
#include "common/model/events.hpp"
#include "common/model/session.hpp"

namespace wagw::services {

struct SessionServiceConfig {
    std::filesystem::path sessions_dir;  // DATA/sessions: one folder per session, holding its client.db
    WaEndpoint endpoint;                 // where every session's client connects
    std::shared_ptr<const store::SecretBox> secret_box;  // seals device keys in every client.db
    // Keepalive timing for every client (0: WaClient's defaults); tests shorten it to see a dead link fast.
    std::chrono::milliseconds keepalive{0};
    int max_missed_pings = 0;
    std::chrono::milliseconds iq_timeout{0};  // also how long one keepalive ping waits for its answer
    // How long a pairing code may be typed on the phone before the session gives up on it.
    std::chrono::milliseconds pairing_code_validity{std::chrono::minutes(3)};
};

// The code to type on the phone (WhatsApp > Linked devices > Link with phone number), shown as "ABCD-EFGH".
struct PairingCode {
    std::string code;
    std::string phone;  // E.164 digits of the phone that must enter it
    std::int64_t expires_at = 0;
};

class SessionService {
public:
    using Publish = std::function<void(const model::EventEnvelope&)>;
    using Clock = std::function<std::int64_t()>;  // unix ms

    SessionService(asio::io_context& io, store::Database& db, SessionServiceConfig config, Publish publish,
                   Clock clock);
    ~SessionService();
    SessionService(const SessionService&) = delete;
    SessionService& operator=(const SessionService&) = delete;

    // At boot: sessions that were meant to run start again; the rest are marked stopped if a crash left
    // them in a running state.
    Status resume();
    // Stops every client (at shutdown) without changing which sessions should run at the next boot.
    void shutdown();

    Result<model::Session> create(const std::string& name);
    Result<std::vector<model::Session>> list();
    Result<model::Session> get(const std::string& id);
    Result<model::Session> rename(const std::string& id, const std::string& name);
    // Stops its client (logging the device out when it is connected) and removes its data folder.
    Status remove(const std::string& id);
    // Starting a running session or stopping a stopped one changes nothing and is not an error.
    Result<model::Session> start(const std::string& id);
    Result<model::Session> stop(const std::string& id);
    // Unlinks the device from the account (a running session only); "logged_out" follows as an event.
    Result<model::Session> logout(const std::string& id);
    Result<std::vector<model::SessionTransition>> history(const std::string& id);
    Result<SessionQr> current_qr(const std::string& id);
    // Restarts the session's client in link-code mode for `phone` (E.164 digits); `done` gets the code once
    // the server handed out a pairing ref (any thread), or an error ("already_linked" for a linked session,
    // "pairing_code_timeout" when no code came within the client's iq timeout).
    void request_pairing_code(const std::string& id, const std::string& phone,
                              std::function<void(Result<PairingCode>)> done);
    // The code the session waits for, while in pairing_code.
    Result<PairingCode> current_pairing_code(const std::string& id);

    // The client of a connected session, for requests that need WhatsApp right now (groups, contact checks,
    // presence); "not_connected" (naming the state) otherwise.
    Result<std::shared_ptr<wa::client::WaClient>> connected_client(const std::string& id);

    // For services built on sessions (the message service): every event of a session's current client, with
    // that client, on the client's strand and in order, after this service handled it and outside its lock.
    // An incoming message is stored inside this call, before the client sends its receipt. Set before
    // resume().
    using ClientObserver =
        std::function<void(const std::string& session_id, const std::shared_ptr<wa::client::WaClient>& client,
                           const wa::client::ClientEvent& event)>;
    void observe_clients(ClientObserver observer) { observer_ = std::move(observer); }

private:
    struct Running {
        std::shared_ptr<wa::client::WaClient> client;
        std::uint64_t run = 0;  // events of an earlier client of the same session are ignored
        std::optional<SessionQr> qr;
        std::string link_code_phone;              // non-empty: this client pairs by code, not QR
        std::optional<PairingCode> pairing_code;  // the code handed out, until linked
        std::vector<std::function<void(Result<PairingCode>)>> code_waiters;
        std::shared_ptr<asio::steady_timer> code_expiry;
    };
    using Events = std::vector<model::EventEnvelope>;

    Result<model::Session> find_locked(const std::string& id);
    // Stores the new state and its history row, and queues the event (published after the lock is released).
    Status transition_locked(const std::string& id, model::SessionState state, const std::string& reason,
                             Events& events);
    Result<std::shared_ptr<wa::client::WaClient>> start_locked(const model::Session& session,
                                                               const std::string& reason, Events& events,
                                                               const std::string& link_code_phone = {});
    void expire_pairing_code(const std::string& id, std::uint64_t run);
    void on_client_event(const std::string& id, std::uint64_t run, const wa::client::ClientEvent& event);
    void publish_all(const Events& events);

    asio::io_context& io_;
    SessionServiceConfig config_;
    Publish publish_;
    ClientObserver observer_;
    Clock clock_;
    std::mutex mutex_;
    store::SessionRepository repository_;
    std::map<std::string, Running> running_;
    std::uint64_t next_run_ = 1;
};

}  // namespace wagw::services
