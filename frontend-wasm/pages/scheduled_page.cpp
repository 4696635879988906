#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {

void draw_scheduled(const AppModel&) {
    ui::heading("Scheduled");
    ui::muted_text("Messages waiting for their time to be sent.");
    ImGui::Spacing();
    // Honest about what exists: this page fills in when the gateway's WhatsApp features land.
    ui::text("Not available yet in this version of wagw.");
}

}  // namespace wagw::web::pages
