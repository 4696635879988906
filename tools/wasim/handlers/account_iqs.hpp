#pragma once
// The small iqs clients send around login and that need only a well-formed answer (protocol.md §6, §13.1):
// keepalive pings (w:p), passive/active, abt props, blocklist, privacy settings and tokens, and a few more.
// Returns false when the iq is none of these (the caller answers with an error).
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

bool handle_account_iq(SimulatorContext& context, Session& session, const wa::binary::Node& iq);

}  // namespace wagw::wasim
