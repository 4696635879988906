#include "tools/wasim/handlers/push_name.hpp"

#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {

void record_push_name(SimulatorContext& context, const Session& session, const binary::Node& presence) {
    const std::string name = text(presence, "name");
    if (name.empty() || name.size() > 256) return;
    Account* account = context.accounts.find_by_phone(session.hello.phone);
    if (!account || account->push_name == name) return;
    account->push_name = name;
    context.account_changed(*account);
}

}  // namespace wagw::wasim
