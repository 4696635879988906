#include "frontend-wasm/ui/theme.hpp"

namespace wagw::web::ui {
namespace {

ImVec4 rgb(int r, int g, int b, float a = 1.0f) {
    return ImVec4(r / 255.0f, g / 255.0f, b / 255.0f, a);
}

}  // namespace

const ThemeColours& theme_colours() {
    static const ThemeColours colours{
        .page = rgb(243, 245, 247),
        .panel = rgb(255, 255, 255),
        .accent = rgb(0, 128, 105),
        .accent_soft = rgb(214, 240, 233),
        .text = rgb(33, 41, 48),
        .muted_text = rgb(98, 110, 120),
        .good = rgb(0, 133, 86),
        .bad = rgb(192, 57, 43),
        .waiting = rgb(176, 112, 0),
        .border = rgb(222, 227, 231),
    };
    return colours;
}

void apply_theme(float pixel_ratio) {
    const ThemeColours& c = theme_colours();
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.FrameRounding = 6;
    style.PopupRounding = 6;
    style.GrabRounding = 6;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.FrameBorderSize = 0;
    style.WindowPadding = ImVec2(20, 16);
    style.FramePadding = ImVec2(12, 7);
    style.ItemSpacing = ImVec2(10, 10);
    style.ScrollbarSize = 12;

    ImVec4* colours = style.Colors;
    colours[ImGuiCol_Text] = c.text;
    colours[ImGuiCol_TextDisabled] = c.muted_text;
    colours[ImGuiCol_WindowBg] = c.page;
    colours[ImGuiCol_ChildBg] = c.panel;
    colours[ImGuiCol_Border] = c.border;
    colours[ImGuiCol_FrameBg] = rgb(238, 241, 243);
    colours[ImGuiCol_Button] = c.accent;
    colours[ImGuiCol_ButtonHovered] = rgb(0, 150, 123);
    colours[ImGuiCol_ButtonActive] = rgb(0, 105, 86);
    colours[ImGuiCol_Header] = c.accent_soft;
    colours[ImGuiCol_HeaderHovered] = rgb(229, 245, 240);
    colours[ImGuiCol_HeaderActive] = rgb(196, 232, 222);
    colours[ImGuiCol_Separator] = c.border;
    colours[ImGuiCol_TableHeaderBg] = rgb(238, 241, 243);
    colours[ImGuiCol_TableBorderLight] = c.border;
    colours[ImGuiCol_TableBorderStrong] = c.border;
    style.ScaleAllSizes(pixel_ratio);
    ImGui::GetStyle() = style;
}

}  // namespace wagw::web::ui
