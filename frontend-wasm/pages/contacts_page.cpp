#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {

void draw_contacts(const AppModel&) {
    ui::heading("Contacts");
    ui::muted_text("The people your accounts talk to.");
    ImGui::Spacing();
    // Honest about what exists: this page fills in when the gateway's WhatsApp features land.
    ui::text("Not available yet in this version of wagw.");
}

}  // namespace wagw::web::pages
