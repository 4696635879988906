#pragma once
// xmlns="encrypt" iqs (protocol.md §6 step 3, §7.3): pre-key count, upload, digest, signed pre-key rotation,
// and bundle fetch, which consumes one one-time pre-key per device.
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_encrypt_iq(SimulatorContext& context, Session& session, const wa::binary::Node& iq);

}  // namespace wagw::wasim
