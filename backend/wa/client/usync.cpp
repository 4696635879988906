// Device discovery (protocol notes §7.2): which devices a user has, and the user's LID; kept in device_cache_ and
// dropped from it when a devices notification or an unknown device says a list changed.
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

// Fresh lists come from device_cache_; only the other users are asked for, in one usync, and everything is
// answered in one callback. When every list is cached no iq goes out at all.
void WaClient::query_devices(std::vector<binary::Jid> users, DevicesCallback done) {
    std::vector<UserDevices> found;
    binary::Children list;
    for (const binary::Jid& user : users) {
        if (auto cached = device_cache_.find(user)) {
            found.push_back(std::move(*cached));
        } else {
            list.push_back(binary::Node{"user", {jid_attr("jid", user)}, {}});
        }
    }
    if (list.empty()) return done(std::move(found));
    binary::Children protocols{binary::Node{"devices", {text_attr("version", "2")}, {}},
                               binary::Node{"lid", {}, {}}};
    const std::uint64_t generation = device_cache_.generation();
    send_usync("message", std::move(protocols), std::move(list),
               [self = shared_from_this(), found = std::move(found), generation,
                done = std::move(done)](Result<std::vector<binary::Node>> users) mutable {
                   if (!users) return done(users.error());
                   // An answer asked for before a notification dropped lists may predate that change: it serves
                   // this send, but is not kept.
                   const bool keep = self->device_cache_.generation() == generation;
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
                       if (keep) self->device_cache_.store(entry);
                       found.push_back(std::move(entry));
                   }
                   done(std::move(found));
               });
}

// WhatsApp sends <notification type="devices" from="USER" lid="LID"> with <add>, <remove> or <update> when a
// contact of ours, or our own account, links or unlinks a companion. The cached list is dropped rather than
// patched: the next send asks the server, which also tells the new device's key index.
void WaClient::on_devices_notification(const binary::Node& notification) {
    auto forget = [&](const std::string& text) {
        if (text.empty()) return;
        if (auto user = binary::parse_jid(text)) device_cache_.forget(user->without_device());
    };
    forget(attr_string(notification, "from"));
    forget(attr_string(notification, "lid"));
    if (const binary::Children* changes = notification.children()) {
        for (const binary::Node& change : *changes) {
            if (const binary::Children* devices = change.children()) {
                for (const binary::Node& device : *devices) forget(attr_string(device, "jid"));
            }
        }
    }
}

void WaClient::forget_stale_devices(const binary::Jid& device) {
    if (device_cache_.contradicts(device)) device_cache_.forget(device.without_device());
}

}  // namespace wagw::wa::client
