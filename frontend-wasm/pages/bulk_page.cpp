#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {

void draw_bulk(const AppModel&) {
    ui::heading("Bulk messages");
    ui::muted_text("Send one message template to many contacts, with safe pacing.");
    ImGui::Spacing();
    // Honest about what exists: this page fills in when the gateway's WhatsApp features land.
    ui::text("Not available yet in this version of wagw.");
}

}  // namespace wagw::web::pages
