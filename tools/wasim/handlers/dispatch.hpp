#pragma once
// Entry points from the connections into the stanza handlers, one family per file. Run on the simulator's strand.
#include <memory>

#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

// The Noise handshake finished: registration (pair-device) or login (success/failure).
void dispatch_hello(SimulatorContext& context, std::shared_ptr<ClientConnection> connection, ClientHello hello);
// One decoded stanza from a connection.
void dispatch_stanza(SimulatorContext& context, std::uint64_t connection_id, const wa::binary::Node& node);
void dispatch_closed(SimulatorContext& context, std::uint64_t connection_id);

}  // namespace wagw::wasim
