#pragma once
// One-to-one message routing (protocol.md §7.5-7.7): the sender gets a server ack; every <to> device in
// <participants> gets its own <enc> (the recipient's devices and the sender's other devices, which the sender
// lists itself), from the sender's LID device with sender_pn; copies to the sender's own devices carry
// `recipient` = the chat. Receipts go back to the devices of the account they name.
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_message(SimulatorContext& context, Session& session, const wa::binary::Node& message);
void handle_receipt(SimulatorContext& context, Session& session, const wa::binary::Node& receipt);

}  // namespace wagw::wasim
