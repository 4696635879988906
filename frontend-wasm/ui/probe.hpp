#pragma once
// The UI test hook. Every frame the app records each widget it drew (label, kind, rectangle, value);
// the last complete frame is exposed to JavaScript as window.wagwUi.snapshot(), so browser tests find widgets
// by label and act on them with real mouse and keyboard events, never through the app's internals.
#include <string>
#include <string_view>
#include <vector>

namespace wagw::web::ui {

struct WidgetRecord {
    std::string label;  // what the user sees (or a stable id for value-only widgets)
    std::string kind;   // "button", "nav", "text", "heading", "input", ...
    float x = 0, y = 0, w = 0, h = 0;  // framebuffer pixels
    std::string value;
    bool selected = false;
    bool visible = true;
};

class Probe {
public:
    void begin_frame(float pixel_ratio, int canvas_width, int canvas_height);
    void end_frame();
    // Records the widget ImGui submitted last (its item rectangle).
    void record_last_item(std::string_view label, std::string_view kind, std::string_view value = {},
                          bool selected = false);
    const std::string& last_frame_json() const { return last_json_; }

private:
    std::vector<WidgetRecord> current_;
    std::string last_json_ = R"({"frame":0,"widgets":[]})";
    long frame_ = 0;
    float pixel_ratio_ = 1;
    int canvas_width_ = 0, canvas_height_ = 0;
};

Probe& probe();

}  // namespace wagw::web::ui
