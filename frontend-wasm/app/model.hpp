#pragma once
// Everything the browser app shows, in one place. Network callbacks write it; pages only read it
// (and record what the user asked for).
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "common/model/events.hpp"
#include "common/model/health.hpp"
#include "common/model/qr_matrix.hpp"
#include "common/model/session.hpp"

namespace wagw::web {

enum class Page { Dashboard, Sessions, Bulk, Scheduled, Contacts, ApiDocs };

// The admin API key the app works with. Asked for once per browser tab and kept in the tab's sessionStorage
// (gone when the tab closes); sent in a header, never in a URL.
struct SignIn {
    std::string key;        // the key in use; empty: signed out
    std::string submitted;  // typed by the user, waiting for BackendLink to try it
    bool checking = false;  // a key is being tried
    bool sign_out_requested = false;
    std::string problem;   // why the last try failed, in words for the user
    char input[160] = {};  // the text field
};

// The Sessions page: the linked WhatsApp accounts, the one opened, and what the user asked to do with them.
struct SessionsModel {
    enum class Action { Create, Start, Stop, Logout, Delete, DemoScan };
    struct Request {
        Action action;
        std::string target;  // the session id, or for Create the new session's name
    };

    std::vector<model::Session> list;  // oldest first, as the gateway lists them
    bool loaded = false;
    std::string problem;                            // why the last request failed, in the server's words
    std::string notice;                             // what the last request did
    std::string open_id;                            // the session shown in detail; empty: none
    std::optional<model::QrMatrix> qr;              // the open session's QR code while it waits for a scan
    std::vector<model::SessionTransition> history;  // the open session's state changes, oldest first
    std::vector<Request> requests;                  // from the page, for SessionsLink to carry out
    int busy = 0;                                   // requests under way
    bool confirm_delete = false;                    // the delete dialog is open for open_id
    char new_name[65] = {};

    const model::Session* open() const {
        for (const model::Session& session : list)
            if (session.id == open_id) return &session;
        return nullptr;
    }
};

struct AppModel {
    Page page = Page::Dashboard;
    SignIn sign_in;
    SessionsModel sessions;

    std::optional<model::HealthStatus> health;  // the last good answer of /api/health
    std::string health_problem;                 // why the last check failed; empty when it worked
    double health_checked_at_ms = 0;

    bool live_connected = false;
    std::optional<model::HelloEvent> hello;
    std::deque<model::EventEnvelope> recent_events;  // newest first, bounded

    static constexpr std::size_t kRecentEventLimit = 50;
};

}  // namespace wagw::web
