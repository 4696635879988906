#include <string>

#include "common/api/routes.hpp"
#include "common/api/scopes.hpp"
#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/ui/fonts.hpp"
#include "frontend-wasm/ui/probe.hpp"
#include "frontend-wasm/ui/theme.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {

// Drawn from the same route table the server routes with, so the docs cannot drift from the API.
void draw_api_docs(const AppModel&) {
    ui::heading("API docs");
    ui::muted_text("Every endpoint of this gateway. Routes marked \"needs your API key\" take it in the X-Api-Key "
                   "header. Errors always come as {\"error\":{\"code\",\"message\"}}.");
    ImGui::Spacing();
    for (const api::Route& route : api::all_routes()) {
        const std::string title = std::string(api::method_name(route.method)) + "  " + std::string(route.path);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme_colours().accent);
        ImGui::TextUnformatted(title.c_str());
        ImGui::PopStyleColor();
        ui::probe().record_last_item(title, "route", route.summary);
        ui::text(std::string(route.summary).c_str());
        if (route.websocket) ui::muted_text("WebSocket: connect with ws:// (or wss://) to this path.");
        if (route.needs_api_key) {
            const std::string scope(api::scope_name(api::required_scope(route)));
            ui::muted_text(("Needs your API key, with the scope " + scope + ".").c_str());
        }
        ImGui::PushFont(ui::fonts().small);
        ui::muted_text(("Example: " + std::string(route.example_response)).c_str());
        ImGui::PopFont();
        ImGui::Separator();
    }
}

}  // namespace wagw::web::pages
