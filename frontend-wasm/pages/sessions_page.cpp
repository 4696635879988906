#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {

void draw_sessions(const AppModel&) {
    ui::heading("Sessions");
    ui::muted_text("Link a WhatsApp account by scanning a QR code, and see each account's connection.");
    ImGui::Spacing();
    // Honest about what exists: the sessions API is there, this page does not drive it yet.
    ui::text("Linking accounts from this page is coming next. Until then your developer (or you, with curl) can "
             "create a session, start it and fetch its QR code through the sessions API: see \"API docs\", "
             "routes under /api/sessions.");
}

}  // namespace wagw::web::pages
