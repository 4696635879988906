#include "frontend-wasm/ui/probe.hpp"

#include <emscripten/emscripten.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

namespace wagw::web::ui {

Probe& probe() {
    static Probe instance;
    return instance;
}

void Probe::begin_frame(float pixel_ratio, int canvas_width, int canvas_height) {
    current_.clear();
    pixel_ratio_ = pixel_ratio;
    canvas_width_ = canvas_width;
    canvas_height_ = canvas_height;
}

void Probe::record_last_item(std::string_view label, std::string_view kind, std::string_view value, bool selected) {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    current_.push_back({std::string(label), std::string(kind), min.x, min.y, max.x - min.x, max.y - min.y,
                        std::string(value), selected, ImGui::IsItemVisible()});
}

void Probe::end_frame() {
    ++frame_;
    // Rectangles go out in CSS pixels relative to the canvas, the unit browser tests click in.
    const float to_css = 1.0f / pixel_ratio_;
    nlohmann::json widgets = nlohmann::json::array();
    for (const WidgetRecord& w : current_) {
        widgets.push_back({{"label", w.label},
                           {"kind", w.kind},
                           {"x", w.x * to_css},
                           {"y", w.y * to_css},
                           {"w", w.w * to_css},
                           {"h", w.h * to_css},
                           {"value", w.value},
                           {"selected", w.selected},
                           {"visible", w.visible}});
    }
    nlohmann::json frame = {{"frame", frame_},
                            {"pixel_ratio", pixel_ratio_},
                            {"canvas", {{"width", canvas_width_}, {"height", canvas_height_}}},
                            {"widgets", std::move(widgets)}};
    last_json_ = frame.dump();
}

}  // namespace wagw::web::ui

extern "C" EMSCRIPTEN_KEEPALIVE const char* wagw_ui_snapshot() {
    return wagw::web::ui::probe().last_frame_json().c_str();
}
