#include "frontend-wasm/app/sessions_link.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "common/util/json_fields.hpp"
#include "frontend-wasm/app/api_call.hpp"

namespace wagw::web {
namespace {

std::string session_path(const std::string& id) {
    return "/api/sessions/" + id;
}

std::int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

void SessionsLink::reset() {
    SessionsModel& sessions = model_.sessions;
    sessions.list.clear();
    sessions.loaded = false;
    sessions.open_id.clear();
    sessions.qr.reset();
    sessions.history.clear();
    sessions.requests.clear();
    sessions.problem.clear();
    sessions.notice.clear();
    shown_open_id_.clear();
    next_list_ms_ = 0;
}

void SessionsLink::tick(double now_ms) {
    if (model_.sign_in.key.empty()) return;
    SessionsModel& sessions = model_.sessions;
    if (!list_in_flight_ && now_ms >= next_list_ms_) {
        next_list_ms_ = now_ms + kListIntervalMs;
        refresh_list();
    }
    for (const SessionsModel::Request& request : std::exchange(sessions.requests, {})) carry_out(request);

    if (sessions.open_id != shown_open_id_) {
        shown_open_id_ = sessions.open_id;
        sessions.qr.reset();
        sessions.history.clear();
        if (!shown_open_id_.empty()) refresh_open(true);
    }
    // A code that ran out is replaced by the session's next one (a session.qr event usually comes first).
    const model::Session* open = sessions.open();
    if (open && open->state == model::SessionState::scan_qr && !qr_in_flight_ &&
        (!sessions.qr || sessions.qr->expires_at <= wall_clock_ms())) {
        fetch_qr(open->id);
    }
}

void SessionsLink::on_event(const model::EventEnvelope& event) {
    SessionsModel& sessions = model_.sessions;
    if (event.type == model::kSessionStateEvent) {
        auto session = model::session_from_json(event.data);
        if (!session) return;
        store(*session);
        if (session->id == sessions.open_id) refresh_open(session->state == model::SessionState::scan_qr);
    } else if (event.type == model::kSessionQrEvent) {
        auto id = json_fields::string_at(event.data, "session");
        if (id && *id == sessions.open_id) fetch_qr(*id);
    }
}

void SessionsLink::store(const model::Session& session) {
    auto& list = model_.sessions.list;
    auto it =
        std::find_if(list.begin(), list.end(), [&](const model::Session& s) { return s.id == session.id; });
    if (it == list.end()) {
        list.push_back(session);
    } else if (session.updated_at >= it->updated_at) {
        // What the last action said is stale once the state moves on (the state line says the rest).
        if (session.state != it->state && session.id == model_.sessions.open_id)
            model_.sessions.notice.clear();
        *it = session;  // events and replies can cross; the newer state wins
    }
    if (model_.sessions.open_id == session.id && session.state != model::SessionState::scan_qr) {
        model_.sessions.qr.reset();
    }
}

void SessionsLink::refresh_list() {
    list_in_flight_ = true;
    api_call(model_.sign_in.key, "GET", "/api/sessions", {}, [this](HttpReply reply) {
        list_in_flight_ = false;
        SessionsModel& sessions = model_.sessions;
        auto body = json_fields::parse(reply.body);
        if (reply.status != 200 || !body || !body->contains("sessions") || !(*body)["sessions"].is_array()) {
            sessions.problem = "Could not load the sessions: " + reply_problem(reply);
            return;
        }
        std::vector<model::Session> list;
        for (const auto& item : (*body)["sessions"]) {
            if (auto session = model::session_from_json(item)) list.push_back(std::move(*session));
        }
        sessions.list = std::move(list);
        sessions.loaded = true;
        if (!sessions.open() && !sessions.open_id.empty()) sessions.open_id.clear();  // deleted elsewhere
    });
}

void SessionsLink::refresh_open(bool with_qr) {
    const std::string id = model_.sessions.open_id;
    api_call(model_.sign_in.key, "GET", session_path(id) + "/history", {}, [this, id](HttpReply reply) {
        if (reply.status != 200 || model_.sessions.open_id != id) return;
        auto body = json_fields::parse(reply.body);
        if (!body || !body->contains("history") || !(*body)["history"].is_array()) return;
        std::vector<model::SessionTransition> history;
        for (const auto& item : (*body)["history"]) {
            auto at = json_fields::int_at(item, "at_ms");
            auto state = json_fields::string_at(item, "state");
            auto reason = json_fields::string_at(item, "reason");
            auto parsed = state ? model::state_from_name(*state) : std::nullopt;
            if (at && parsed && reason) history.push_back({*at, *parsed, std::move(*reason)});
        }
        model_.sessions.history = std::move(history);
    });
    if (with_qr) fetch_qr(id);
}

void SessionsLink::fetch_qr(const std::string& id) {
    qr_in_flight_ = true;
    api_call(model_.sign_in.key, "GET", session_path(id) + "/qr?format=matrix", {},
             [this, id](HttpReply reply) {
                 qr_in_flight_ = false;
                 SessionsModel& sessions = model_.sessions;
                 if (sessions.open_id != id) return;
                 auto body = json_fields::parse(reply.body);
                 auto matrix = reply.status == 200 && body ? model::qr_matrix_from_json(*body)
                                                           : Result<model::QrMatrix>(Error{"no_qr", ""});
                 if (matrix) {
                     sessions.qr = std::move(*matrix);
                 } else {
                     sessions.qr.reset();  // not waiting for a scan (any more): the state says why
                 }
             });
}

void SessionsLink::carry_out(const SessionsModel::Request& request) {
    model_.sessions.problem.clear();
    model_.sessions.notice.clear();
    switch (request.action) {
        case SessionsModel::Action::Create:
            return create_and_start(request.target);
        case SessionsModel::Action::Start:
            return session_action(request.target, "start", "Starting.");
        case SessionsModel::Action::Stop:
            return session_action(request.target, "stop", "Stopped.");
        case SessionsModel::Action::Logout:
            return session_action(request.target, "logout",
                                  "Logged out: the phone no longer lists this device.");
        case SessionsModel::Action::Delete:
            return remove(request.target);
        case SessionsModel::Action::DemoScan:
            return demo_scan(request.target);
    }
}

// A new session is meant to be linked, so it is started right away and opened to show its QR code.
void SessionsLink::create_and_start(const std::string& name) {
    ++model_.sessions.busy;
    const nlohmann::json body = {{"name", name}};
    api_call(model_.sign_in.key, "POST", "/api/sessions", body.dump(), [this](HttpReply reply) {
        SessionsModel& sessions = model_.sessions;
        --sessions.busy;
        auto json = json_fields::parse(reply.body);
        auto session = reply.status == 201 && json ? model::session_from_json(*json)
                                                   : Result<model::Session>(Error{"not_created", ""});
        if (!session) {
            sessions.problem = reply_problem(reply);
            return;
        }
        store(*session);
        sessions.open_id = session->id;
        sessions.new_name[0] = '\0';
        session_action(session->id, "start", "Created. Scan the QR code with your phone.");
    });
}

void SessionsLink::session_action(const std::string& id, const char* what, const char* done_words) {
    ++model_.sessions.busy;
    api_call(model_.sign_in.key, "POST", session_path(id) + "/" + what, {},
             [this, done_words = std::string(done_words)](HttpReply reply) {
                 SessionsModel& sessions = model_.sessions;
                 --sessions.busy;
                 auto json = json_fields::parse(reply.body);
                 auto session = reply.status == 200 && json ? model::session_from_json(*json)
                                                            : Result<model::Session>(Error{"failed", ""});
                 if (!session) {
                     sessions.problem = reply_problem(reply);
                     return;
                 }
                 store(*session);
                 sessions.notice = done_words;
             });
}

void SessionsLink::remove(const std::string& id) {
    ++model_.sessions.busy;
    api_call(model_.sign_in.key, "DELETE", session_path(id), {}, [this, id](HttpReply reply) {
        SessionsModel& sessions = model_.sessions;
        --sessions.busy;
        if (reply.status != 200) {
            sessions.problem = reply_problem(reply);
            return;
        }
        std::erase_if(sessions.list, [&](const model::Session& s) { return s.id == id; });
        if (sessions.open_id == id) sessions.open_id.clear();
        sessions.notice = "Deleted.";
    });
}

void SessionsLink::demo_scan(const std::string& id) {
    ++model_.sessions.busy;
    api_call(model_.sign_in.key, "POST", session_path(id) + "/demo/scan", {}, [this](HttpReply reply) {
        --model_.sessions.busy;
        // Success shows as the state moving on to connecting and connected.
        if (reply.status != 200) model_.sessions.problem = reply_problem(reply);
    });
}

}  // namespace wagw::web
