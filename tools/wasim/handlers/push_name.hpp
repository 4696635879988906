#pragma once
// A client announces its display name as <presence name="…" [type=…]/> (Baileys whenever it learns or changes
// it; whatsmeow on SendPresence). The server keeps it as the account's push name, which every message the
// account sends afterwards carries as `notify` (what Baileys reports as msg.pushName).
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void record_push_name(SimulatorContext& context, const Session& session, const wa::binary::Node& presence);

}  // namespace wagw::wasim
