#pragma once
// Keeps the Sessions page's model in step with the gateway: lists the sessions, follows session.state and
// session.qr events, fetches the open session's QR code (as its module matrix) and history, and carries out
// what the page asked for (create and start, stop, log out, delete, demo scan). Network code only.
#include <string>

#include "common/model/events.hpp"
#include "frontend-wasm/app/model.hpp"

namespace wagw::web {

class SessionsLink {
public:
    explicit SessionsLink(AppModel& model) : model_(model) {}

    void tick(double now_ms);
    void on_event(const model::EventEnvelope& event);
    // Signed out: forget what the last key could see.
    void reset();
    // The live connection (re)opened: events may have been missed, so list again now.
    void refresh_soon() { next_list_ms_ = 0; }

private:
    void refresh_list();
    void refresh_open(bool with_qr);
    void carry_out(const SessionsModel::Request& request);
    void create_and_start(const std::string& name);
    void session_action(const std::string& id, const char* what, const char* done_words);
    void remove(const std::string& id);
    void demo_scan(const std::string& id);
    void fetch_qr(const std::string& id);
    void store(const model::Session& session);

    AppModel& model_;
    bool list_in_flight_ = false;
    double next_list_ms_ = 0;
    std::string shown_open_id_;  // open_id whose history was last fetched
    bool qr_in_flight_ = false;

    static constexpr double kListIntervalMs = 15000;  // events keep it current; this catches what they missed
};

}  // namespace wagw::web
