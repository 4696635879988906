#include <string>

#include "frontend-wasm/app/format.hpp"
#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/ui/theme.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {

void draw_dashboard(const AppModel& model) {
    const ui::ThemeColours& c = ui::theme_colours();
    ui::heading("Dashboard");
    ui::muted_text("How your gateway is doing right now.");
    ImGui::Spacing();

    if (model.health && model.health_problem.empty()) {
        ui::field("Gateway status:", model.health->status == "ok" ? "running" : model.health->status, c.good);
        ui::field("Version:", model.health->version);
        ui::field("Running for:", format_duration(model.health->uptime_s));
    } else if (!model.health_problem.empty()) {
        ui::field("Gateway status:", model.health_problem, c.bad);
    } else {
        ui::field("Gateway status:", "checking…", c.muted_text);
    }
    ui::field("Live events:", model.live_connected ? "connected" : "waiting for the gateway",
              model.live_connected ? c.good : c.bad);

    ImGui::Spacing();
    ui::heading("Recent events");
    if (model.recent_events.empty()) {
        ui::muted_text("No events yet.");
        return;
    }
    for (const auto& event : model.recent_events) {
        ui::text((event.type + "  " + event.data.dump()).c_str());
    }
}

}  // namespace wagw::web::pages
