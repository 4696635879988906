#pragma once
// xmlns="usync" (protocol.md §7.2): per user, the protocols asked for in <query>: devices (device list with key
// indexes), lid (the PN<->LID map), contact (is it on WhatsApp). Other protocols are answered with nothing.
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_usync_iq(SimulatorContext& context, Session& session, const wa::binary::Node& iq);

}  // namespace wagw::wasim
