#pragma once
// Companion removal (protocol.md §10): the companion logs itself out (md remove-companion-device), or the phone
// unlinks it. Either way the device is marked removed (later logins fail with 401), a connected companion gets
// stream error 401 device_removed, and the account's other connected devices get a devices notification.
#include <cstdint>

#include "common/util/result.hpp"
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

// Tells the account's connected companions (except `device` itself) that `device` was linked or removed.
void notify_device_change(SimulatorContext& context, const Account& account, std::uint16_t device, bool added);

// Errors: "unknown_device" (never linked, or removed already).
Status unlink_companion(SimulatorContext& context, Account& account, std::uint16_t device);

// <iq xmlns="md" type="set"><remove-companion-device jid reason/></iq>
void handle_md_iq(SimulatorContext& context, Session& session, const wa::binary::Node& iq);

}  // namespace wagw::wasim
