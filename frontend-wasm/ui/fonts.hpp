#pragma once
// The UI fonts (Noto Sans from Debian's fonts-noto-core, served beside the app). They are rasterised for the
// screen's pixel ratio, and again whenever it changes, so text stays sharp on high-DPI screens.
#include <functional>
#include <string>

#include <imgui.h>

namespace wagw::web::ui {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    ImFont* small = nullptr;
};

const Fonts& fonts();
// Downloads the font files; `ready` runs once both arrived (or failed: then the built-in font is used).
void download_fonts(std::function<void()> ready);
// (Re)builds the font atlas for the pixel ratio; safe to call again after the renderer is up.
void build_fonts(float pixel_ratio);

}  // namespace wagw::web::ui
