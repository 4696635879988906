// Device discovery (protocol notes §7.2): which devices a user has, and the user's LID.
#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace wagw::wa::client {

void WaClient::send_usync(std::string_view context, binary::Children protocols, binary::Children users,
                          std::function<void(Result<std::vector<binary::Node>>)> done) {
    binary::Node usync{
        "usync",
        {text_attr("sid", iqs_.next_id()), text_attr("mode", "query"),
         text_attr("context", std::string(context)), text_attr("last", "true"), text_attr("index", "0")},
        binary::Children{binary::Node{"query", {}, std::move(protocols)},
                         binary::Node{"list", {}, std::move(users)}}};
    binary::Node iq{"iq",
                    {jid_attr("to", server_jid()), text_attr("type", "get"), text_attr("xmlns", "usync")},
                    binary::Children{usync}};
    send_iq(iq, [done = std::move(done)](Result<binary::Node> reply) {
        if (!reply) return done(reply.error());
        const binary::Node* answer = reply->child("usync");
        const binary::Node* list = answer ? answer->child("list") : nullptr;
        if (list == nullptr || list->children() == nullptr)
            return done(Error{"bad_usync_reply", "the usync reply has no <list>"});
        done(*list->children());
    });
}

void WaClient::query_devices(std::vector<binary::Jid> users, DevicesCallback done) {
    binary::Children list;
    for (const binary::Jid& user : users) list.push_back(binary::Node{"user", {jid_attr("jid", user)}, {}});
    binary::Children protocols{binary::Node{"devices", {text_attr("version", "2")}, {}},
                               binary::Node{"lid", {}, {}}};
    send_usync("message", std::move(protocols), std::move(list),
               [self = shared_from_this(), done = std::move(done)](Result<std::vector<binary::Node>> users) {
                   if (!users) return done(users.error());
                   std::vector<UserDevices> found;
                   for (const binary::Node& user : *users) {
                       const binary::Jid* jid = user.attr_jid("jid");
                       if (user.tag != "user" || jid == nullptr) continue;
                       UserDevices entry{*jid, std::nullopt, {}};
                       if (const binary::Node* lid = user.child("lid")) {
                           if (const binary::Jid* value = lid->attr_jid("val")) {
                               entry.lid = *value;
                               self->learn_lid(jid->user, *value);
                           }
                       }
                       const binary::Node* devices = user.child("devices");
                       const binary::Node* device_list = devices ? devices->child("device-list") : nullptr;
                       if (device_list && device_list->children()) {
                           for (const binary::Node& device : *device_list->children()) {
                               auto id = attr_int(device, "id");
                               if (!id || *id < 0 || *id > 255) continue;
                               // Baileys' rule: a companion (non-zero device) counts only with a non-zero key
                               // index.
                               if (*id != 0 && attr_int(device, "key-index").value_or(0) == 0) continue;
                               entry.devices.push_back(static_cast<std::uint16_t>(*id));
                           }
                       }
                       found.push_back(std::move(entry));
                   }
                   done(std::move(found));
               });
}

}  // namespace wagw::wa::client
