#pragma once
// App-state sync (xmlns w:sync:app:state): the simulator keeps no app state (no chat mutes, pins, labels), so every
// collection a client asks about is answered at the version it named, with no patches and no snapshot: "you are
// up to date". That is enough for the clients that sync right after the phone shares its app-state keys
// (Baileys 6 holds back all its message events until that sync completes, Baileys 7 until it or a timeout).
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_app_state_iq(SimulatorContext& context, Session& session, const wa::binary::Node& iq);

}  // namespace wagw::wasim
