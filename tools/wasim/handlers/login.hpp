#pragma once
// Login of a paired device (protocol.md §6): <success> and the end of the (empty) offline queue, or
// <failure reason="401"> for devices that are unknown, removed, or present another Noise key.
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_login(SimulatorContext& context, Session& session);

}  // namespace wagw::wasim
