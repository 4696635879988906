#include <cstring>

#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/ui/theme.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {

void draw_sign_in(AppModel& model) {
    SignIn& sign_in = model.sign_in;
    ui::heading("Sign in");
    ui::muted_text("Paste the admin API key that wagw printed the first time it started "
                   "(or the one you set in WAGW_API_KEY). It stays in this browser tab only.");
    ImGui::Spacing();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
    bool submit = ui::text_input("API key", sign_in.input, sizeof sign_in.input, true);
    ImGui::Spacing();
    if (sign_in.checking) {
        ui::muted_text("Checking the key…");
    } else {
        submit = ui::button("Sign in") || submit;
    }
    if (!sign_in.problem.empty()) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, ui::theme_colours().bad);
        ui::text(sign_in.problem.c_str());
        ImGui::PopStyleColor();
    }
    if (submit && !sign_in.checking) {
        if (sign_in.input[0] == '\0') {
            sign_in.problem = "Enter the API key first.";
        } else {
            sign_in.submitted = sign_in.input;
            std::memset(sign_in.input, 0, sizeof sign_in.input);  // the key is not kept in the field
        }
    }
}

}  // namespace wagw::web::pages
