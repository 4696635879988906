#include "backend/services/session_service.hpp"

#include <cstdio>

#include "backend/services/random_text.hpp"

namespace wagw::services {
namespace {

namespace client = wa::client;
using model::SessionState;

// "ses_" + 64 random bits in hex: unguessable enough that ids can appear in logs and URLs.
std::string new_session_id() {
    return "ses_" + random_hex(8);
}

Error not_found(const std::string& id) {
    return {"not_found", "no session with id " + id};
}

// Calls its callback once: the first of several racing outcomes (the code, a failure, a timeout) wins.
class AnswerOnce {
public:
    using Done = std::function<void(Result<PairingCode>)>;
    explicit AnswerOnce(Done done) : done_(std::move(done)) {}
    void operator()(Result<PairingCode> outcome) {
        Done done;
        {
            std::lock_guard lock(mutex_);
            done.swap(done_);
        }
        if (done) done(std::move(outcome));
    }

private:
    std::mutex mutex_;
    Done done_;
};

// "ABCDEFGH" -> "ABCD-EFGH", the way WhatsApp shows it and the phone accepts it.
std::string shown_code(const std::string& code) {
    return code.size() == 8 ? code.substr(0, 4) + "-" + code.substr(4) : code;
}

// How long we wait for the server to hand out a pairing ref: a connection, a handshake and one iq.
constexpr std::chrono::seconds kPairingCodeWait{30};

}  // namespace

SessionService::SessionService(asio::io_context& io, store::Database& db, SessionServiceConfig config,
                               Publish publish, Clock clock)
    : io_(io),
      config_(std::move(config)),
      publish_(std::move(publish)),
      clock_(std::move(clock)),
      repository_(db) {}

SessionService::~SessionService() {
    shutdown();
}

void SessionService::publish_all(const Events& events) {
    for (const auto& event : events) publish_(event);
}

Result<model::Session> SessionService::find_locked(const std::string& id) {
    auto found = repository_.find(id);
    if (!found) return found.error();
    if (!*found) return not_found(id);
    return std::move(**found);
}

Status SessionService::transition_locked(const std::string& id, SessionState state, const std::string& reason,
                                         Events& events) {
    // Only changes are recorded: a server that stays away for hours means one "reconnecting", not a row and
    // an event per retry.
    auto current = find_locked(id);
    if (!current) return current.error();
    if (current->state == state) return ok_status();
    if (auto stored = repository_.record_state(id, state, reason, clock_()); !stored) return stored;
    auto session = find_locked(id);
    if (!session) return session.error();
    events.push_back({model::kSessionStateEvent, session->updated_at, model::to_json(*session), 0, id});
    return ok_status();
}

Status SessionService::resume() {
    std::vector<std::shared_ptr<client::WaClient>> to_start;
    Events events;
    {
        std::lock_guard lock(mutex_);
        auto sessions = repository_.list();
        if (!sessions) return sessions.error();
        for (const auto& session : *sessions) {
            if (session.desired_running) {
                auto started = start_locked(session, "resumed at boot", events);
                if (started) to_start.push_back(*started);
            } else if (model::is_running_state(session.state)) {
                if (auto s =
                        transition_locked(session.id, SessionState::stopped, "the gateway restarted", events);
                    !s)
                    return s;
            }
        }
    }
    publish_all(events);
    for (auto& wa : to_start) wa->start();
    return ok_status();
}

void SessionService::shutdown() {
    std::map<std::string, Running> running;
    {
        std::lock_guard lock(mutex_);
        running.swap(running_);
    }
    for (auto& [id, entry] : running) entry.client->stop();
}

Result<model::Session> SessionService::create(const std::string& name) {
    if (auto valid = model::check_session_name(name); !valid) return valid.error();
    model::Session session;
    session.id = new_session_id();
    session.name = name;
    session.state = SessionState::stopped;
    session.state_reason = "created";
    session.created_at = session.updated_at = clock_();
    std::lock_guard lock(mutex_);
    if (auto inserted = repository_.insert(session); !inserted) return inserted.error();
    return session;
}

Result<std::vector<model::Session>> SessionService::list() {
    std::lock_guard lock(mutex_);
    return repository_.list();
}

Result<model::Session> SessionService::get(const std::string& id) {
    std::lock_guard lock(mutex_);
    return find_locked(id);
}

Result<model::Session> SessionService::rename(const std::string& id, const std::string& name) {
    if (auto valid = model::check_session_name(name); !valid) return valid.error();
    std::lock_guard lock(mutex_);
    if (auto found = find_locked(id); !found) return found.error();
    if (auto renamed = repository_.rename(id, name, clock_()); !renamed) return renamed.error();
    return find_locked(id);
}

Status SessionService::remove(const std::string& id) {
    std::optional<Running> entry;
    bool connected = false;
    {
        std::lock_guard lock(mutex_);
        auto found = find_locked(id);
        if (!found) return found.error();
        connected = found->state == SessionState::connected;
        if (auto it = running_.find(id); it != running_.end()) {
            entry = std::move(it->second);
            running_.erase(it);
        }
        if (auto removed = repository_.remove(id); !removed) return removed;
    }
    // A connected device is unlinked, so it does not linger in the phone's list of linked devices; any other
    // client just stops.
    if (entry && connected) {
        entry->client->logout([client = entry->client](Status) { client->stop(); });
    } else if (entry) {
        entry->client->stop();
    }
    std::error_code ec;
    std::filesystem::remove_all(config_.sessions_dir / id, ec);
    if (ec)
        std::fprintf(stderr, "wagw: cannot remove %s: %s\n", (config_.sessions_dir / id).c_str(),
                     ec.message().c_str());
    return ok_status();
}

Result<std::shared_ptr<client::WaClient>> SessionService::start_locked(const model::Session& session,
                                                                       const std::string& reason,
                                                                       Events& events,
                                                                       const std::string& link_code_phone) {
    const auto folder = config_.sessions_dir / session.id;
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    Error failure{"start_failed", ""};
    if (ec) failure.message = "cannot create " + folder.string() + ": " + ec.message();
    const std::uint64_t run = next_run_++;
    std::shared_ptr<client::WaClient> wa;
    if (!ec) {
        auto options = client_options(config_.endpoint, folder / "client.db", config_.secret_box);
        if (config_.keepalive.count() > 0) options.keepalive_min = options.keepalive_max = config_.keepalive;
        if (config_.max_missed_pings > 0) options.max_missed_pings = config_.max_missed_pings;
        if (config_.iq_timeout.count() > 0) options.iq_timeout = config_.iq_timeout;
        options.link_code_phone = link_code_phone;
        auto made = client::WaClient::create(io_, std::move(options),
                                             [this, id = session.id, run](const client::ClientEvent& event) {
                                                 on_client_event(id, run, event);
                                             });
        if (made) {
            wa = *made;
        } else {
            failure.message = made.error().message;
        }
    }
    if (auto s = repository_.set_desired_running(session.id, true, clock_()); !s) return s.error();
    if (!wa) {
        if (auto s = transition_locked(session.id, SessionState::failed, failure.message, events); !s)
            return s.error();
        return failure;
    }
    Running& entry = running_[session.id];
    entry = Running{};
    entry.client = wa;
    entry.run = run;
    entry.link_code_phone = link_code_phone;
    // A linked device logs in; a new one registers and shows QR codes.
    const SessionState first = wa->linked() ? SessionState::connecting : SessionState::starting;
    if (auto s = transition_locked(session.id, first, reason, events); !s) return s.error();
    return wa;
}

Result<model::Session> SessionService::start(const std::string& id) {
    std::shared_ptr<client::WaClient> wa;
    Events events;
    Result<model::Session> result = Error{"internal", "not reached"};
    {
        std::lock_guard lock(mutex_);
        auto session = find_locked(id);
        if (!session) return session.error();
        if (running_.count(id)) return session;
        auto started = start_locked(*session, "start requested", events);
        if (started) wa = *started;
        result = find_locked(id);
    }
    publish_all(events);
    if (wa) wa->start();
    return result;
}

Result<model::Session> SessionService::stop(const std::string& id) {
    std::optional<Running> entry;
    Events events;
    Result<model::Session> result = Error{"internal", "not reached"};
    {
        std::lock_guard lock(mutex_);
        auto session = find_locked(id);
        if (!session) return session.error();
        if (auto s = repository_.set_desired_running(id, false, clock_()); !s) return s.error();
        if (auto it = running_.find(id); it != running_.end()) {
            entry = std::move(it->second);
            running_.erase(it);
        }
        if (session->state != SessionState::stopped) {
            if (auto s = transition_locked(id, SessionState::stopped, "stop requested", events); !s)
                return s.error();
        }
        result = find_locked(id);
    }
    publish_all(events);
    if (entry) entry->client->stop();
    return result;
}

Result<model::Session> SessionService::logout(const std::string& id) {
    std::shared_ptr<client::WaClient> wa;
    Result<model::Session> result = Error{"internal", "not reached"};
    {
        std::lock_guard lock(mutex_);
        auto session = find_locked(id);
        if (!session) return session.error();
        auto it = running_.find(id);
        if (it == running_.end()) {
            return Error{"not_running",
                         "the session is not running; start it first, logging out needs a connection"};
        }
        wa = it->second.client;
        result = std::move(session);
    }
    // The client wipes its credentials and emits LoggedOut, which records the state.
    wa->logout();
    return result;
}

Result<std::vector<model::SessionTransition>> SessionService::history(const std::string& id) {
    std::lock_guard lock(mutex_);
    if (auto found = find_locked(id); !found) return found.error();
    return repository_.history(id);
}

Result<SessionQr> SessionService::current_qr(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto session = find_locked(id);
    if (!session) return session.error();
    auto it = running_.find(id);
    if (session->state != SessionState::scan_qr || it == running_.end() || !it->second.qr) {
        return Error{"not_waiting_for_scan", "the session is " +
                                                 std::string(model::state_name(session->state)) +
                                                 ", not waiting for a QR scan; start it (or log it out first "
                                                 "to link another phone)"};
    }
    return *it->second.qr;
}

Result<std::shared_ptr<client::WaClient>> SessionService::connected_client(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto session = find_locked(id);
    if (!session) return session.error();
    auto it = running_.find(id);
    if (session->state != SessionState::connected || it == running_.end()) {
        return Error{"not_connected", "the session is " + std::string(model::state_name(session->state)) +
                                          ", not connected to WhatsApp; start it and link it first"};
    }
    return it->second.client;
}

void SessionService::on_client_event(const std::string& id, std::uint64_t run,
                                     const client::ClientEvent& event) {
    const std::int64_t now = clock_();
    const SessionUpdate update = update_for(event, now);
    Events events;
    std::shared_ptr<client::WaClient> finished;  // a client done for good: stopped outside the lock
    std::shared_ptr<client::WaClient> current;   // the client that emitted the event, for the observer
    std::vector<std::function<void(Result<PairingCode>)>> code_waiters;
    Result<PairingCode> code_outcome = Error{"pairing_failed", ""};
    {
        std::lock_guard lock(mutex_);
        auto it = running_.find(id);
        if (it == running_.end() || it->second.run != run) return;  // a stopped or replaced client
        auto session = find_locked(id);
        if (!session) return;
        Running& entry = it->second;
        current = entry.client;
        auto complain = [&](const Status& s) {
            if (!s) std::fprintf(stderr, "wagw: session %s: %s\n", id.c_str(), s.error().message.c_str());
        };
        if (update.forget_qr) {
            entry.qr.reset();
            entry.pairing_code.reset();
            entry.code_expiry.reset();  // cancels it
        }
        if (update.qr) entry.qr = update.qr;
        if (update.account && update.account->jid != session->jid)
            complain(repository_.set_account(id, update.account->jid, update.account->phone,
                                             session->push_name, now));
        if (update.stop_running) complain(repository_.set_desired_running(id, false, now));
        if (update.state) complain(transition_locked(id, *update.state, update.reason, events));
        // After the state change it belongs to, so a consumer sees scan_qr first.
        if (update.qr) {
            events.push_back({model::kSessionQrEvent,
                              now,
                              {{"session", id}, {"qr", update.qr->qr}, {"expires_at", update.qr->expires_at}},
                              0,
                              id});
        }
        if (const auto* link_code = std::get_if<client::LinkCode>(&event)) {
            PairingCode code{shown_code(link_code->code), entry.link_code_phone,
                             now + config_.pairing_code_validity.count()};
            entry.pairing_code = code;
            events.push_back({model::kSessionPairingCodeEvent,
                              now,
                              {{"session", id},
                               {"code", code.code},
                               {"phone", code.phone},
                               {"expires_at", code.expires_at}},
                              0,
                              id});
            code_waiters.swap(entry.code_waiters);
            code_outcome = code;
            entry.code_expiry = std::make_shared<asio::steady_timer>(io_, config_.pairing_code_validity);
            entry.code_expiry->async_wait([this, id, run](const std::error_code& ec) {
                if (!ec) expire_pairing_code(id, run);
            });
        }
        if (update.client_done) {
            code_waiters.swap(entry.code_waiters);
            code_outcome = Error{"pairing_failed", update.reason};
            finished = entry.client;
            running_.erase(it);
        }
    }
    publish_all(events);
    if (observer_) observer_(id, current, event);
    for (auto& waiter : code_waiters) waiter(code_outcome);
    if (finished) finished->stop();
}

void SessionService::request_pairing_code(const std::string& id, const std::string& phone,
                                          std::function<void(Result<PairingCode>)> done) {
    auto answer = std::make_shared<AnswerOnce>(std::move(done));
    std::optional<Running> previous;
    std::shared_ptr<client::WaClient> wa;
    Events events;
    {
        std::lock_guard lock(mutex_);
        auto session = find_locked(id);
        if (!session) return (*answer)(session.error());
        if (!session->jid.empty() || session->state == SessionState::connected) {
            return (*answer)(Error{"already_linked", "the session is linked to +" + session->phone +
                                                         " already; log it out first to link another phone"});
        }
        // A client showing QR codes (or an older code) makes way: one client per session.
        if (auto it = running_.find(id); it != running_.end()) {
            previous = std::move(it->second);
            running_.erase(it);
        }
        auto started = start_locked(*session, "pairing code requested for +" + phone, events, phone);
        if (started) {
            wa = *started;
            running_[id].code_waiters.push_back(
                [answer](Result<PairingCode> code) { (*answer)(std::move(code)); });
        } else {
            (*answer)(started.error());
        }
    }
    publish_all(events);
    if (previous) previous->client->stop();
    if (!wa) return;
    auto timer = std::make_shared<asio::steady_timer>(io_, kPairingCodeWait);
    timer->async_wait([answer, timer](const std::error_code&) {
        (*answer)(Error{"pairing_code_timeout", "WhatsApp handed out no pairing code within " +
                                                    std::to_string(kPairingCodeWait.count()) +
                                                    " s; check the connection and try again"});
    });
    wa->start();
}

Result<PairingCode> SessionService::current_pairing_code(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto session = find_locked(id);
    if (!session) return session.error();
    auto it = running_.find(id);
    if (session->state != SessionState::pairing_code || it == running_.end() || !it->second.pairing_code) {
        return Error{"not_waiting_for_code", "the session is " +
                                                 std::string(model::state_name(session->state)) +
                                                 ", not waiting for a pairing code; ask for one first"};
    }
    return *it->second.pairing_code;
}

void SessionService::expire_pairing_code(const std::string& id, std::uint64_t run) {
    std::shared_ptr<client::WaClient> expired;
    Events events;
    {
        std::lock_guard lock(mutex_);
        auto it = running_.find(id);
        if (it == running_.end() || it->second.run != run || !it->second.pairing_code) return;
        auto session = find_locked(id);
        if (!session || session->state != SessionState::pairing_code) return;
        expired = it->second.client;
        running_.erase(it);
        if (auto s = transition_locked(id, SessionState::failed,
                                       "the pairing code was not entered in time; ask for a new one", events);
            !s)
            std::fprintf(stderr, "wagw: session %s: %s\n", id.c_str(), s.error().message.c_str());
    }
    publish_all(events);
    expired->stop();
}

}  // namespace wagw::services
