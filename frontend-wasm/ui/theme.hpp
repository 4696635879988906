#pragma once
// A calm light theme: soft grey page, white panels, WhatsApp's teal for the one thing that matters.
#include <imgui.h>

namespace wagw::web::ui {

struct ThemeColours {
    ImVec4 page, panel, accent, accent_soft, text, muted_text, good, bad, waiting, border;
};

const ThemeColours& theme_colours();
// Applies the theme at the given device pixel ratio (sizes scale; colours do not).
void apply_theme(float pixel_ratio);

}  // namespace wagw::web::ui
