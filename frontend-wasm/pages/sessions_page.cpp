#include <chrono>
#include <string>

#include "frontend-wasm/app/format.hpp"
#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/pages/session_state_text.hpp"
#include "frontend-wasm/ui/theme.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {
namespace {

using model::SessionState;
using Action = SessionsModel::Action;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void draw_list(SessionsModel& sessions) {
    if (!sessions.loaded) {
        ui::muted_text("Loading your sessions…");
    } else if (sessions.list.empty()) {
        ui::text(
            "No WhatsApp account is linked yet. Give the first one a name below, then scan its QR code "
            "with the phone; it takes a minute.");
    }
    for (const model::Session& session : sessions.list) {
        const char* words = session_state_words(session.state);
        if (ui::list_row(session.name.c_str(), words, session.id == sessions.open_id))
            sessions.open_id = session.id;
        ImGui::Indent();
        draw_session_state(session.name.c_str(), session.state);
        if (!session.phone.empty()) {
            ImGui::SameLine();
            ui::muted_text(format_phone(session.phone).c_str());
        }
        ImGui::Unindent();
        ImGui::Spacing();
    }

    ImGui::Separator();
    ImGui::Spacing();
    ui::heading("Link a new WhatsApp account");
    ImGui::SetNextItemWidth(-1);
    bool submit = ui::text_input("Name (for example \"Shop\" or \"Support\")", sessions.new_name,
                                 sizeof sessions.new_name);
    submit = ui::button("Link a WhatsApp account") || submit;
    if (submit && sessions.busy == 0) {
        if (sessions.new_name[0] == '\0') {
            sessions.problem = "Give the account a name first.";
        } else {
            sessions.requests.push_back({Action::Create, sessions.new_name});
        }
    }
}

// The code on the left, what to do with it on the right, so everything fits on a laptop screen.
void draw_scan_help(const AppModel& model, SessionsModel& sessions, const model::Session& session) {
    const float side = std::min(ImGui::GetContentRegionAvail().x * 0.5f, ImGui::GetFontSize() * 16);
    if (sessions.qr) {
        ui::qr_code(*sessions.qr, side);
    } else {
        ImGui::Dummy(ImVec2(side, side));
    }
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::BeginGroup();
    ui::heading("Scan this code with your phone");
    ui::text(
        "On the phone: open WhatsApp, go to Settings, then Linked devices, then Link a device, and point the "
        "camera at the code.");
    ImGui::Spacing();
    if (!sessions.qr) {
        ui::muted_text("Getting the QR code…");
    } else {
        const std::int64_t left_s = (sessions.qr->expires_at - now_ms() + 999) / 1000;
        ui::muted_text(left_s > 0 ? ("A new code appears in " + std::to_string(left_s) + " s.").c_str()
                                  : "Getting a new code…");
    }
    if (model.health && model.health->demo) {
        ImGui::Spacing();
        ui::muted_text("Demo mode: no real phone needed.");
        if (ui::button("Scan with the demo phone") && sessions.busy == 0) {
            sessions.requests.push_back({Action::DemoScan, session.id});
        }
    }
    ImGui::EndGroup();
}

void draw_history(const SessionsModel& sessions) {
    ui::heading("What happened");
    if (sessions.history.empty()) {
        ui::muted_text("Nothing yet.");
        return;
    }
    const std::int64_t now = now_ms();
    // Newest first, the last ten: enough to see why a session is in its state.
    int shown = 0;
    for (auto it = sessions.history.rbegin(); it != sessions.history.rend() && shown < 10; ++it, ++shown) {
        const std::string line = format_duration((now - it->at_ms) / 1000) +
                                 " ago: " + session_state_words(it->state) + " (" + it->reason + ")";
        ui::text(line.c_str());
    }
}

void draw_open(const AppModel& model, SessionsModel& sessions) {
    const model::Session* open = sessions.open();
    if (!open) {
        ui::muted_text(
            sessions.list.empty()
                ? "Your account shows here once you give it a name on the left: its QR code to scan, "
                  "then its state."
                : "Pick a session on the left to see it here.");
        return;
    }
    const model::Session session = *open;  // requests below may change the list
    ui::heading(session.name.c_str());
    draw_session_state("State", session.state);
    if (!session.state_reason.empty()) ui::muted_text(session.state_reason.c_str());
    if (!session.phone.empty()) ui::field("Phone number:", format_phone(session.phone));
    if (!session.push_name.empty()) ui::field("Name on WhatsApp:", session.push_name);
    ImGui::Spacing();

    const bool running = model::is_running_state(session.state);
    if (!running && ui::button("Start")) sessions.requests.push_back({Action::Start, session.id});
    if (running && ui::button("Stop")) sessions.requests.push_back({Action::Stop, session.id});
    if (running && !session.jid.empty()) {
        ImGui::SameLine();
        if (ui::button("Log out")) sessions.requests.push_back({Action::Logout, session.id});
    }
    ImGui::SameLine();
    if (ui::button("Delete")) sessions.confirm_delete = true;
    const std::string question = "Delete \"" + session.name +
                                 "\"? The phone stops listing this device, and the session's data is removed "
                                 "from the gateway. This cannot be undone.";
    if (ui::confirm("Delete this session?", question.c_str(), "Delete it", sessions.confirm_delete)) {
        sessions.requests.push_back({Action::Delete, session.id});
    }

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    if (session.state == SessionState::scan_qr) {
        draw_scan_help(model, sessions, session);
        ImGui::Spacing();
    }
    draw_history(sessions);
}

}  // namespace

void draw_sessions(AppModel& model) {
    SessionsModel& sessions = model.sessions;
    ui::heading("Sessions");
    ui::muted_text(
        "Each session is one WhatsApp account linked to this gateway, the way WhatsApp Web is linked "
        "to a phone.");
    if (!sessions.problem.empty()) {
        ui::status_text("Problem", sessions.problem, ui::theme_colours().bad);
    } else if (!sessions.notice.empty()) {
        ui::status_text("Notice", sessions.notice, ui::theme_colours().good);
    } else if (sessions.busy > 0) {
        ui::muted_text("Working…");
    }
    ImGui::Spacing();

    const float list_width = std::max(ImGui::GetContentRegionAvail().x * 0.38f, ImGui::GetFontSize() * 16);
    ImGui::BeginChild("session list", ImVec2(list_width, 0), true);
    draw_list(sessions);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("open session", ImVec2(0, 0), true);
    draw_open(model, sessions);
    ImGui::EndChild();
}

}  // namespace wagw::web::pages
