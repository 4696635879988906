#pragma once
// What the control API shows of the simulator's state. Public keys only; never private key material.
#include <nlohmann/json.hpp>

#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

nlohmann::json account_view(SimulatorContext& context, const Account& account);

}  // namespace wagw::wasim
