#pragma once
// What every stanza handler may touch: the simulator's state, all of it owned by the simulator's strand (handlers
// only ever run there).
#include <functional>

#include "tools/wasim/server/session_registry.hpp"
#include "tools/wasim/server/traffic_stats.hpp"
#include "tools/wasim/state/account_directory.hpp"
#include "tools/wasim/state/fault_plan.hpp"
#include "tools/wasim/state/group_directory.hpp"
#include "tools/wasim/state/media_store.hpp"
#include "tools/wasim/state/offline_queue.hpp"
#include "tools/wasim/state/phone_inbox.hpp"

namespace wagw::wasim {

class PhoneKeyring;

struct SimulatorContext {
    AccountDirectory& accounts;
    SessionRegistry& sessions;
    TrafficStats& stats;
    OfflineQueue& offline;
    PhoneInbox& phone_inbox;
    MediaStore& media;
    FaultPlan& faults;
    GroupDirectory& groups;
    std::string media_host;  // "address:port" clients upload to (media_conn) and download from
    std::string media_auth;  // the upload token media_conn hands out
    // Called after an account changed (new device, keys uploaded, device removed): persistence hooks here.
    std::function<void(const Account&)> on_account_changed;
    // Called after a group changed (created, members, subject, description, invite code).
    std::function<void(const Group&)> on_group_changed;
    // The virtual phones' Signal identities; null only when they could not be opened.
    PhoneKeyring* phone_keyring = nullptr;
    std::string starter_group_subject;  // SimulatorOptions::starter_group_subject

    void account_changed(const Account& account) const {
        if (on_account_changed) on_account_changed(account);
    }
    void group_changed(const Group& group) const {
        if (on_group_changed) on_group_changed(group);
    }
};

}  // namespace wagw::wasim
