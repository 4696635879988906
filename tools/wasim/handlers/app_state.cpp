#include "tools/wasim/handlers/app_state.hpp"

#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {

void handle_app_state_iq(SimulatorContext&, Session& session, const binary::Node& iq) {
    const std::string id = text(iq, "id");
    const binary::Node* sync = iq.child("sync");
    if (text(iq, "type") != "set" || !sync || !sync->children())
        return session.connection->send(iq_error(id, 400, "bad-request"));
    binary::Children collections;
    for (const binary::Node& asked : *sync->children()) {
        if (asked.tag != "collection" || text(asked, "name").empty()) continue;
        std::string version = text(asked, "version");
        collections.push_back({"collection",
                               {{"name", text(asked, "name")}, {"version", version.empty() ? "0" : version}},
                               {}});
    }
    session.connection->send(iq_result(id, {{"sync", {}, std::move(collections)}}));
}

}  // namespace wagw::wasim
