#pragma once
// The app's widgets: thin wrappers over ImGui that also tell the test probe what was drawn.
// Pages use only these, so every visible control is findable by its label.
#include <cstddef>
#include <string_view>

#include <imgui.h>

#include "common/model/qr_matrix.hpp"

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

// Text in a colour, recorded as kind "status" under `label` (a test finds a state by the row it belongs to).
void status_text(const char* label, std::string_view text, ImVec4 colour);
// One line of a list (a session, say): click to open it. Recorded as kind "row".
bool list_row(const char* label, std::string_view detail, bool selected);
// A QR code drawn module by module on white with its quiet zone, at most `max_side` pixels wide, each module
// a whole number of device pixels so it stays sharp. Recorded as kind "qr" with the code's text as value.
void qr_code(const model::QrMatrix& matrix, float max_side);
// A modal yes/no question; returns true once when the user confirms. `open` is cleared when it closes.
bool confirm(const char* title, const char* question, const char* yes_label, bool& open);

}  // namespace wagw::web::ui
