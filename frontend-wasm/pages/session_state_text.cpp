#include "frontend-wasm/pages/session_state_text.hpp"

#include "frontend-wasm/app/format.hpp"
#include "frontend-wasm/ui/theme.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::pages {

void draw_session_state(const char* label, model::SessionState state) {
    const ui::ThemeColours& c = ui::theme_colours();
    ImVec4 colour = c.text;
    switch (session_state_mood(state)) {
        case Mood::good:
            colour = c.good;
            break;
        case Mood::bad:
            colour = c.bad;
            break;
        case Mood::waiting:
            colour = c.waiting;
            break;
        case Mood::idle:
            colour = c.muted_text;
            break;
    }
    ui::status_text(label, session_state_words(state), colour);
}

}  // namespace wagw::web::pages
