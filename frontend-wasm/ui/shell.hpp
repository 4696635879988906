#pragma once
// The app shell: left navigation, the current page, and the status bar along the bottom.
#include "frontend-wasm/app/model.hpp"

namespace wagw::web::ui {

void draw_shell(AppModel& model, float pixel_ratio);

}  // namespace wagw::web::ui
