#pragma once
// What a primary phone sends a companion right after it linked and published its keys, as two peer messages:
// the account's app-state sync key (APP_STATE_SYNC_KEY_SHARE) and a history-sync notification. Clients wait for
// them: Baileys 6.17.16 holds back every message event after its first login until it has an app-state key and
// has synced app state (which a history notification starts), and Baileys 7 waits up to 20 s for the
// notification. The simulator has no history to give, so the notification is of type NON_BLOCKING_DATA (which
// Baileys 6 does not download) and carries an empty HistorySync inline (which Baileys 7 reads without a download).
#include <cstdint>

#include "common/util/result.hpp"
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

Status phone_welcome_companion(SimulatorContext& context, Account& phone, std::uint16_t device);

}  // namespace wagw::wasim
