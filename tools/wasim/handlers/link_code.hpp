#pragma once
// Phone-number link-code pairing, server and phone side (protocol.md §5.2): the companion's companion_hello gets
// a ref; when the code is entered on the phone (control API), the phone answers with its code-wrapped ephemeral
// key in a link_code_companion_reg notification; the companion's companion_finish carries the key bundle, from
// which the phone derives the ADV secret; then pair-success as with a QR.
#include <string>

#include "common/util/result.hpp"
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

// <iq xmlns="md"><link_code_companion_reg stage="companion_hello|companion_finish"> from a registering client.
void handle_link_code_iq(SimulatorContext& context, Session& session, const wa::binary::Node& iq);

// The user typed `code` on the phone of `account`. Errors: "invalid_link_code", "no_link_code_request" (no
// registering client asked to pair with this number).
Status enter_link_code(SimulatorContext& context, Account& account, const std::string& code);

}  // namespace wagw::wasim
