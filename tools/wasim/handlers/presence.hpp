#pragma once
// Presence and chat states (protocol notes §7 "presence"): who is online, who is typing. Run on the simulator's
// strand like every handler.
//   <presence type="available|unavailable" [name]/>  -> <presence from="USER" type [last]/> to every device
//                                                       that subscribed to that user
//   <presence type="subscribe" to="USER"/>            -> remembered; the user's last known presence at once
//   <chatstate to="USER|GROUP"><composing [media="audio"]/>|<paused/></chatstate>
//                                                     -> to the recipient's connected devices (groups: every
//                                                        member's, with participant=sender); never queued
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_presence(SimulatorContext& context, Session& session, const wa::binary::Node& presence);
void handle_chat_state(SimulatorContext& context, Session& session, const wa::binary::Node& chat_state);

}  // namespace wagw::wasim
