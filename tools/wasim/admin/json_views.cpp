#include "tools/wasim/admin/json_views.hpp"

#include "tools/wasim/handlers/stanzas.hpp"
#include "tools/wasim/state/root_key_file.hpp"

namespace wagw::wasim {

nlohmann::json account_view(SimulatorContext& context, const Account& account) {
    nlohmann::json devices = nlohmann::json::array();
    devices.push_back({{"device", 0},
                       {"jid", pn_device_jid(account.phone, 0).to_string()},
                       {"kind", "phone"},
                       {"identity_key", to_hex(account.phone_identity.public_key)}});
    nlohmann::json companions = nlohmann::json::array();
    for (const auto& [id, device] : account.companions) {
        nlohmann::json view{{"device", id},
                            {"jid", pn_device_jid(account.phone, id).to_string()},
                            {"lid", lid_device_jid(account.lid, id).to_string()},
                            {"key_index", device.key_index},
                            {"platform", device.platform},
                            {"linked_at", device.linked_at},
                            {"removed", device.removed},
                            {"connected", context.sessions.device_session(account.phone, id) != nullptr},
                            {"identity_key", to_hex(device.keys.identity)},
                            {"one_time_pre_keys", device.keys.one_time_pre_keys.size()}};
        companions.push_back(view);
        if (!device.removed) devices.push_back({{"device", id}, {"jid", view["jid"]}, {"kind", "companion"}});
    }
    return {{"phone", account.phone},
            {"jid", pn_jid(account.phone).to_string()},
            {"lid", lid_jid(account.lid).to_string()},
            {"push_name", account.push_name},
            {"identity_key", to_hex(account.phone_identity.public_key)},
            {"devices", std::move(devices)},
            {"companions", std::move(companions)}};
}

}  // namespace wagw::wasim
