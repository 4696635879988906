#pragma once
// One function per page, each drawing from the model only.
#include "frontend-wasm/app/model.hpp"

namespace wagw::web::pages {

void draw_dashboard(AppModel& model);
void draw_sessions(AppModel& model);
void draw_bulk(const AppModel& model);
void draw_scheduled(const AppModel& model);
void draw_contacts(const AppModel& model);
void draw_api_docs(const AppModel& model);
// Shown instead of the pages until the user has given a working API key.
void draw_sign_in(AppModel& model);

}  // namespace wagw::web::pages
