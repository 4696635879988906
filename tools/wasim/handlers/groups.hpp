#pragma once
// Groups (xmlns="w:g2", protocol.md §8): create, metadata query, participating list, add/remove/promote/demote
// with w:gp2 notifications to the members, and group message fan-out (each member device gets the shared skmsg
// plus its own sender-key distribution enc when the sender included one). Groups use LID addressing.
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_group_iq(SimulatorContext& context, Session& session, const wa::binary::Node& iq);
void route_group_message(SimulatorContext& context, Session& session, const wa::binary::Node& message);

}  // namespace wagw::wasim
