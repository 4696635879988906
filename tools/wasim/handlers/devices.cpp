#include "tools/wasim/handlers/devices.hpp"

#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {
namespace {

binary::Node device_entry(const Account& account, std::uint16_t device, const CompanionDevice* linked) {
    binary::Node entry{"device", {{"jid", pn_device_jid(account.phone, device)}, {"lid", lid_device_jid(account.lid, device)}}, {}};
    if (linked) entry.attrs.push_back({"key-index", std::to_string(linked->key_index)});
    return entry;
}

}  // namespace

void notify_device_change(SimulatorContext& context, const Account& account, std::uint16_t changed, bool added) {
    const CompanionDevice* changed_device = account.active_companion(changed);
    for (const auto& [id, device] : account.companions) {
        if (device.removed || id == changed) continue;
        Session* session = context.sessions.device_session(account.phone, id);
        if (!session) continue;
        session->connection->send(
            {"notification",
             {{"from", pn_jid(account.phone)},
              {"lid", lid_jid(account.lid)},
              {"type", std::string("devices")},
              {"id", session->next_iq_id()},
              {"t", unix_now_text()}},
             binary::Children{{added ? "add" : "remove",
                               {},
                               binary::Children{device_entry(account, changed, added ? changed_device : nullptr)}}}});
    }
}

Status unlink_companion(SimulatorContext& context, Account& account, std::uint16_t device) {
    CompanionDevice* companion = account.active_companion(device);
    if (!companion) return Error{"unknown_device", "no linked companion with this device id"};
    companion->removed = true;
    companion->keys.one_time_pre_keys.clear();
    context.offline.drop(account.phone, device);
    context.account_changed(account);
    if (Session* session = context.sessions.device_session(account.phone, device))
        session->connection->close_with(stream_error(401, "device_removed"));
    notify_device_change(context, account, device, false);
    return ok_status();
}

void handle_md_iq(SimulatorContext& context, Session& session, const binary::Node& iq) {
    const std::string id = text(iq, "id");
    const binary::Node* remove = iq.child("remove-companion-device");
    if (!remove || text(iq, "type") != "set") return session.connection->send(iq_error(id, 501, "feature-not-implemented"));
    const binary::Jid* jid = remove->attr_jid("jid");
    Account* account = jid ? context.accounts.find_by_user(jid->user, jid->server) : nullptr;
    const std::uint16_t device = jid ? jid->device.value_or(0) : 0;
    // A companion may remove itself; removing others is the phone's job.
    if (!account || account->phone != session.hello.phone || device != session.hello.device)
        return session.connection->send(iq_error(id, 403, "forbidden"));
    session.connection->send(iq_result(id));
    (void)unlink_companion(context, *account, device);
}

}  // namespace wagw::wasim
