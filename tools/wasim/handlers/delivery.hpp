#pragma once
// Hands a stanza to one device: sent now when it is connected and logged in, else queued for its next login.
// Device 0 is the virtual phone, which decrypts what it gets into its inbox and answers with receipts.
#include <cstdint>
#include <string>
#include <vector>

#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void deliver_to_device(SimulatorContext& context, const Account& account, std::uint16_t device, wa::binary::Node node);

// At login: everything queued for the device, each marked offline="1".
std::size_t flush_offline(SimulatorContext& context, Session& session);

// A connection closed: what it was given but never acknowledged goes to the device's newer connection, or ahead
// of its offline queue, so a drop loses no message.
void redeliver_unacknowledged(SimulatorContext& context, const std::string& phone, std::uint16_t device,
                              std::vector<wa::binary::Node> unacknowledged);

}  // namespace wagw::wasim
