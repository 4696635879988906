#pragma once
// Everything the browser app shows, in one place. Network callbacks write it; pages only read it
// (and record what the user asked for).
#include <deque>
#include <optional>
#include <string>

#include "common/model/events.hpp"
#include "common/model/health.hpp"

namespace wagw::web {

enum class Page { Dashboard, Sessions, Bulk, Scheduled, Contacts, ApiDocs };

// The admin API key the app works with. Asked for once per browser tab and kept in the tab's sessionStorage
// (gone when the tab closes); sent in a header, never in a URL.
struct SignIn {
    std::string key;         // the key in use; empty: signed out
    std::string submitted;   // typed by the user, waiting for BackendLink to try it
    bool checking = false;   // a key is being tried
    bool sign_out_requested = false;
    std::string problem;     // why the last try failed, in words for the user
    char input[160] = {};    // the text field
};

struct AppModel {
    Page page = Page::Dashboard;
    SignIn sign_in;

    std::optional<model::HealthStatus> health;  // the last good answer of /api/health
    std::string health_problem;                 // why the last check failed; empty when it worked
    double health_checked_at_ms = 0;

    bool live_connected = false;
    std::optional<model::HelloEvent> hello;
    std::deque<model::EventEnvelope> recent_events;  // newest first, bounded

    static constexpr std::size_t kRecentEventLimit = 50;
};

}  // namespace wagw::web
