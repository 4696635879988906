#pragma once
// One-to-one message routing (protocol.md §7.5-7.7): the sender gets a server ack; every <to> device in
// <participants> gets its own <enc> (the recipient's devices and the sender's other devices, which the sender
// lists itself), from the sender's LID device with sender_pn; copies to the sender's own devices carry
// `recipient` = the chat. Receipts go back to the devices of the account they name. A message whose id is not
// a plain id (1-128 of [A-Za-z0-9._-], not "." or "..": fs::is_plain_file_name) is routed to nobody: the
// sender gets an ack with error="400" and stats count it (messages_refused_bad_id), 1:1 and group messages
// alike.
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_message(SimulatorContext& context, Session& session, const wa::binary::Node& message);
void handle_receipt(SimulatorContext& context, Session& session, const wa::binary::Node& receipt);

}  // namespace wagw::wasim
