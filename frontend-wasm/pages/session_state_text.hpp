#pragma once
// A session's state in words and in the colour of its mood, the same on every page.
#include "common/model/session.hpp"

namespace wagw::web::pages {

// Recorded by the test probe as kind "status" under `label`.
void draw_session_state(const char* label, model::SessionState state);

}  // namespace wagw::web::pages
