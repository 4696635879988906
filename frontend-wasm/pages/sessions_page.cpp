#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {

void draw_sessions(const AppModel&) {
    ui::heading("Sessions");
    ui::muted_text("Link a WhatsApp account by scanning a QR code, and see each account's connection.");
    ImGui::Spacing();
    // Honest about what exists: this page fills in when the gateway's WhatsApp features land.
    ui::text("Not available yet in this version of wagw.");
}

}  // namespace wagw::web::pages
