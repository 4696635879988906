#pragma once
// The app's widgets: thin wrappers over ImGui that also tell the test probe what was drawn.
// Pages use only these, so every visible control is findable by its label.
#include <cstddef>
#include <string_view>

#include <imgui.h>

namespace wagw::web::ui {

bool button(const char* label);
bool nav_item(const char* label, bool selected);
void heading(const char* text);
void text(const char* text);
void muted_text(const char* text);
// A one-line text field with its label above; returns true when Enter was pressed in it. A secret field shows
// dots, and the probe records no value for it.
bool text_input(const char* label, char* buffer, std::size_t size, bool secret = false);
// A label on the left, its value on the right; the probe records it under the label.
void field(const char* label, std::string_view value, ImVec4 value_colour = ImVec4(0, 0, 0, 0));

}  // namespace wagw::web::ui
