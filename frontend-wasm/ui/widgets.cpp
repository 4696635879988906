#include "frontend-wasm/ui/widgets.hpp"

#include <algorithm>
#include <cmath>
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

void status_text(const char* label, std::string_view text, ImVec4 colour) {
    const std::string shown(text);
    ImGui::TextColored(colour, "%s", shown.c_str());
    probe().record_last_item(label, "status", text);
}

bool list_row(const char* label, std::string_view detail, bool selected) {
    const std::string shown = std::string(label) + "##row";
    const bool pressed =
        ImGui::Selectable(shown.c_str(), selected, 0, ImVec2(0, ImGui::GetFrameHeight() * 1.2f));
    probe().record_last_item(label, "row", detail, selected);
    return pressed;
}

void qr_code(const model::QrMatrix& matrix, float max_side) {
    constexpr int kQuietZone = 4;
    const int modules = matrix.size + 2 * kQuietZone;
    const float module = std::max(2.0f, std::floor(max_side / static_cast<float>(modules)));
    const float side = module * static_cast<float>(modules);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    origin = ImVec2(std::round(origin.x), std::round(origin.y));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side), IM_COL32_WHITE);
    for (int y = 0; y < matrix.size; ++y) {
        for (int x = 0; x < matrix.size; ++x) {
            if (!matrix.dark(x, y)) continue;
            const ImVec2 min(origin.x + static_cast<float>(x + kQuietZone) * module,
                             origin.y + static_cast<float>(y + kQuietZone) * module);
            draw->AddRectFilled(min, ImVec2(min.x + module, min.y + module), IM_COL32_BLACK);
        }
    }
    ImGui::Dummy(ImVec2(side, side));
    probe().record_last_item("QR code", "qr", matrix.qr);
}

bool confirm(const char* title, const char* question, const char* yes_label, bool& open) {
    if (open && !ImGui::IsPopupOpen(title)) ImGui::OpenPopup(title);
    bool confirmed = false;
    if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted(question);
        probe().record_last_item(title, "dialog", question);
        ImGui::Spacing();
        if (button(yes_label)) {
            confirmed = true;
            open = false;
        }
        ImGui::SameLine();
        if (button("Cancel")) open = false;
        if (!open) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    return confirmed;
}

}  // namespace wagw::web::ui
