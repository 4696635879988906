#include <string>

#include "frontend-wasm/app/format.hpp"
#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/pages/session_state_text.hpp"
#include "frontend-wasm/ui/theme.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {
namespace {

void draw_gateway(const AppModel& model) {
    const ui::ThemeColours& c = ui::theme_colours();
    if (model.health && model.health_problem.empty()) {
        std::string words = model.health->status == "ok" ? "running" : model.health->status;
        words += " · v" + model.health->version + " · up " + format_duration(model.health->uptime_s);
        if (model.health->demo) words += " · demo mode (no real WhatsApp)";
        ui::field("Gateway status:", words, c.good);
    } else if (!model.health_problem.empty()) {
        ui::field("Gateway status:", model.health_problem, c.bad);
    } else {
        ui::field("Gateway status:", "checking…", c.muted_text);
    }
    ui::field("Live events:", model.live_connected ? "connected" : "waiting for the gateway",
              model.live_connected ? c.good : c.bad);
}

// One card per account: its name (click to open it on the Sessions page), its state in colour, its number.
void draw_cards(AppModel& model) {
    const SessionsModel& sessions = model.sessions;
    if (!sessions.loaded) {
        ui::muted_text("Loading your accounts…");
        return;
    }
    if (sessions.list.empty()) {
        ui::text(
            "No WhatsApp account is linked yet. Link one to send and receive messages through this gateway.");
        if (ui::button("Link your first WhatsApp")) model.page = Page::Sessions;
        return;
    }
    int connected = 0;
    for (const model::Session& session : sessions.list)
        connected += session.state == model::SessionState::connected;
    const std::string summary = std::to_string(sessions.list.size()) +
                                (sessions.list.size() == 1 ? " account, " : " accounts, ") +
                                std::to_string(connected) + " connected.";
    ui::muted_text(summary.c_str());

    const float card_width = ImGui::GetFontSize() * 17;
    const float card_height = ImGui::GetFrameHeightWithSpacing() * 3.2f;
    const float room = ImGui::GetContentRegionAvail().x;
    float used = 0;
    for (const model::Session& session : sessions.list) {
        if (used > 0 && used + card_width <= room) {
            ImGui::SameLine();
        } else {
            used = 0;
        }
        used += card_width + ImGui::GetStyle().ItemSpacing.x;
        ImGui::PushID(session.id.c_str());
        ImGui::BeginChild("card", ImVec2(card_width, card_height), true, ImGuiWindowFlags_NoScrollbar);
        const char* words = session_state_words(session.state);
        if (ui::list_row(session.name.c_str(), words, false)) {
            model.page = Page::Sessions;
            model.sessions.open_id = session.id;
        }
        draw_session_state(session.name.c_str(), session.state);
        ui::muted_text(session.phone.empty() ? "not linked yet" : format_phone(session.phone).c_str());
        ImGui::EndChild();
        ImGui::PopID();
    }
}

// "4915550123@s.whatsapp.net" as people write the number; groups and other addresses stay as they are.
std::string chat_words(const std::string& jid) {
    const auto at = jid.find('@');
    if (at == std::string::npos || jid.compare(at, std::string::npos, "@s.whatsapp.net") != 0) return jid;
    return format_phone(jid.substr(0, jid.find_first_of(":@")));
}

std::string payload_text(const model::EventEnvelope& event, const char* key) {
    auto it = event.data.find(key);
    return it != event.data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One event as a line a shop owner reads; empty for events not worth a line.
std::string activity_words(const model::EventEnvelope& event) {
    if (event.type == model::kSessionStateEvent) {
        auto session = model::session_from_json(event.data);
        return session ? session->name + ": " + session_state_words(session->state) : std::string();
    }
    if (event.type == model::kSessionQrEvent) return "A new QR code is waiting to be scanned.";
    if (event.type == model::kSessionPairingCodeEvent)
        return "A pairing code is waiting to be typed on the phone.";
    if (event.type == model::kHelloEventType) return "Live updates connected.";
    const std::string chat = chat_words(payload_text(event, "chat"));
    if (event.type == "message.received") {
        const std::string name = payload_text(event, "push_name");
        std::string text = payload_text(event, "text");
        if (text.size() > 60) text = text.substr(0, 57) + "…";
        return "Message from " + (name.empty() ? chat : name + " (" + chat + ")") +
               (text.empty() ? "" : ": " + text);
    }
    if (event.type == "message.sent") return "Message sent to " + chat + ".";
    if (event.type == "message.status") {
        const std::string status = payload_text(event, "status");
        if (status == "sent") return {};  // message.sent says it already
        return "Message to " + chat + ": " + status + ".";
    }
    return event.type;
}

// The last events in words, newest first.
void draw_activity(const AppModel& model) {
    ui::heading("Recent activity");
    if (model.recent_events.empty()) {
        ui::muted_text("Nothing yet.");
        return;
    }
    int shown = 0;
    for (const auto& event : model.recent_events) {
        const std::string line = activity_words(event);
        if (line.empty()) continue;
        if (++shown > 8) break;
        ui::text(line.c_str());
    }
}

}  // namespace

void draw_dashboard(AppModel& model) {
    ui::heading("Dashboard");
    ui::muted_text("How your gateway and your WhatsApp accounts are doing right now.");
    ImGui::Spacing();
    draw_gateway(model);
    ImGui::Spacing();
    ui::heading("Your WhatsApp accounts");
    draw_cards(model);
    ImGui::Spacing();
    draw_activity(model);
}

}  // namespace wagw::web::pages
