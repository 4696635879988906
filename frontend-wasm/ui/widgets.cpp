#include "frontend-wasm/ui/widgets.hpp"

#include <cstring>
#include <string>

#include "frontend-wasm/ui/fonts.hpp"
#include "frontend-wasm/ui/probe.hpp"
#include "frontend-wasm/ui/theme.hpp"

namespace wagw::web::ui {

bool button(const char* label) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));  // white on the accent colour
    const bool pressed = ImGui::Button(label);
    ImGui::PopStyleColor();
    probe().record_last_item(label, "button");
    return pressed;
}

bool nav_item(const char* label, bool selected) {
    const float height = ImGui::GetFrameHeight() * 1.3f;
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
    const bool pressed = ImGui::Selectable(label, selected, 0, ImVec2(0, height));
    ImGui::PopStyleVar();
    probe().record_last_item(label, "nav", "", selected);
    return pressed;
}

void heading(const char* text) {
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
    probe().record_last_item(text, "heading", text);
}

void text(const char* text) {
    ImGui::TextWrapped("%s", text);
    probe().record_last_item(text, "text", text);
}

void muted_text(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().muted_text);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
    probe().record_last_item(text, "text", text);
}

bool text_input(const char* label, char* buffer, std::size_t size, bool secret) {
    ImGui::TextUnformatted(label);
    ImGui::PushID(label);
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
    if (secret) flags |= ImGuiInputTextFlags_Password;
    const bool entered = ImGui::InputText("##input", buffer, size, flags);
    ImGui::PopID();
    // A secret shows only its length (one '*' a character), enough for a test to see that typing landed.
    const std::string shown = secret ? std::string(std::strlen(buffer), '*') : std::string(buffer);
    probe().record_last_item(label, "input", shown, ImGui::IsItemActive());
    return entered;
}

void field(const char* label, std::string_view value, ImVec4 value_colour) {
    ImGui::BeginGroup();
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().muted_text);
    ImGui::TextUnformatted(label);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    const std::string shown(value);
    if (value_colour.w > 0) {
        ImGui::TextColored(value_colour, "%s", shown.c_str());
    } else {
        ImGui::TextUnformatted(shown.c_str());
    }
    ImGui::EndGroup();
    probe().record_last_item(label, "field", value);
}

}  // namespace wagw::web::ui
