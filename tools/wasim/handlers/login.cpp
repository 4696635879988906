#include "tools/wasim/handlers/login.hpp"

#include "tools/wasim/handlers/delivery.hpp"
#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {

void handle_login(SimulatorContext& context, Session& session) {
    const ClientHello& hello = session.hello;
    if (context.faults.refuse_logins) {
        // A server-side error: clients keep their credentials and retry.
        session.connection->close_with({"failure", {{"reason", std::string("503")}, {"location", std::string("wasim")}}, {}});
        return;
    }
    Account* account = context.accounts.find_by_phone(hello.phone);
    const CompanionDevice* device = account ? account->active_companion(hello.device) : nullptr;
    if (!device || device->noise_public != hello.noise_public) {
        session.connection->close_with({"failure", {{"reason", std::string("401")}, {"location", std::string("wasim")}}, {}});
        return;
    }
    // One connection per device: the older one is told it was replaced (Baileys: 440).
    if (Session* previous = context.sessions.device_session(hello.phone, hello.device))
        previous->connection->close_with(stream_error(0, "replaced"));
    context.sessions.bind_device(session);
    context.stats.logins++;
    session.connection->send({"success",
                              {{"t", unix_now_text()},
                               {"lid", lid_device_jid(account->lid, hello.device)},
                               {"location", std::string("wasim")},
                               {"creation", std::to_string(device->linked_at)}},
                              {}});
    // What arrived while the device was away, then the end of the backlog (clients buffer events until then).
    const std::size_t queued = flush_offline(context, session);
    session.connection->send({"ib", {}, binary::Children{{"offline", {{"count", std::to_string(queued)}}, {}}}});
}

}  // namespace wagw::wasim
