#include "frontend-wasm/ui/fonts.hpp"

#include <imgui_impl_opengl3.h>

#include <memory>
#include <vector>

#include "frontend-wasm/net/http_client.hpp"

namespace wagw::web::ui {
namespace {

Fonts g_fonts;
std::string g_regular_ttf, g_bold_ttf;
bool g_renderer_has_texture = false;

constexpr float kBodySize = 17, kHeadingSize = 25, kSmallSize = 14;

// What Noto Sans covers and people type: Latin with its accents, Greek, Cyrillic, and the punctuation our own
// words use (… – — ’ “ ” •) plus currency signs. ImGui draws glyphs one by one, so scripts that need shaping
// (Arabic joining, Indic conjuncts) are not in the list.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x024F,  // Basic Latin, Latin-1, Latin Extended-A and -B
    0x0370, 0x03FF,  // Greek
    0x0400, 0x052F,  // Cyrillic and its supplement
    0x2000, 0x206F,  // General Punctuation
    0x20A0, 0x20CF,  // Currency Symbols
    0,
};

ImFont* add_font(const std::string& ttf, float size) {
    ImFontConfig config;
    config.GlyphRanges = kGlyphRanges;
    config.FontDataOwnedByAtlas = false;  // we keep the bytes to rebuild at another pixel ratio
    config.OversampleH = 2;
    return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<char*>(ttf.data()),
                                                      static_cast<int>(ttf.size()), size, &config);
}

}  // namespace

const Fonts& fonts() {
    return g_fonts;
}

void download_fonts(std::function<void()> ready) {
    auto pending = std::make_shared<int>(2);
    auto done = std::make_shared<std::function<void()>>(std::move(ready));
    auto fetch_into = [pending, done](const char* url, std::string& target) {
        http_get(url, [pending, done, &target](HttpReply reply) {
            if (reply.status == 200) target = std::move(reply.body);
            if (--*pending == 0) (*done)();
        });
    };
    fetch_into("fonts/NotoSans-Regular.ttf", g_regular_ttf);
    fetch_into("fonts/NotoSans-Bold.ttf", g_bold_ttf);
}

void build_fonts(float pixel_ratio) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    if (g_regular_ttf.empty()) {
        ImFontConfig config;
        config.SizePixels = 13 * pixel_ratio;
        g_fonts.body = g_fonts.heading = g_fonts.small = atlas->AddFontDefault(&config);
    } else {
        g_fonts.body = add_font(g_regular_ttf, kBodySize * pixel_ratio);
        g_fonts.heading =
            add_font(g_bold_ttf.empty() ? g_regular_ttf : g_bold_ttf, kHeadingSize * pixel_ratio);
        g_fonts.small = add_font(g_regular_ttf, kSmallSize * pixel_ratio);
    }
    atlas->Build();
    if (g_renderer_has_texture) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    g_renderer_has_texture = true;  // the renderer's first NewFrame creates it from this atlas
}

}  // namespace wagw::web::ui
