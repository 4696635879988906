#include "tools/wasim/handlers/group_nodes.hpp"

#include "tools/wasim/handlers/delivery.hpp"
#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {

binary::Jid group_jid(const Group& group) { return binary::Jid{group.id, std::string(binary::servers::kGroup)}; }

binary::Jid member_jid(const Group& group, const Account& account) {
    return group.addressing == GroupAddressing::Pn ? pn_jid(account.phone) : lid_jid(account.lid);
}

binary::Jid member_device_jid(const Group& group, const Account& account, std::uint16_t device) {
    return group.addressing == GroupAddressing::Pn ? pn_device_jid(account.phone, device)
                                                   : lid_device_jid(account.lid, device);
}

void add_member_attrs(std::vector<binary::Attribute>& attrs, const std::string& name, const Group& group, const Account& account) {
    attrs.push_back({name, member_jid(group, account)});
    if (group.addressing == GroupAddressing::Pn) attrs.push_back({name + "_lid", lid_jid(account.lid)});
    else attrs.push_back({name + "_pn", pn_jid(account.phone)});
}

binary::Node participant_node(const Group& group, const Account& account, const std::string& role) {
    binary::Node node =
        group.addressing == GroupAddressing::Pn
            ? binary::Node{"participant", {{"jid", pn_jid(account.phone)}, {"lid", lid_jid(account.lid)}}, {}}
            : binary::Node{"participant", {{"jid", lid_jid(account.lid)}, {"phone_number", pn_jid(account.phone)}}, {}};
    if (!role.empty()) node.attrs.push_back({"type", role});
    return node;
}

binary::Node group_node(SimulatorContext& context, const Group& group) {
    const Account* creator = context.accounts.find_by_phone(group.creator);
    const Account* subject_owner = context.accounts.find_by_phone(group.subject_owner);
    binary::Children children;
    for (const auto& [phone, role] : group.members)
        if (const Account* account = context.accounts.find_by_phone(phone)) children.push_back(participant_node(group, *account, role));
    if (!group.description.empty()) {
        binary::Node description{"description",
                                 {{"id", group.description_id}, {"t", std::to_string(group.description_time)}},
                                 binary::Children{bytes_node("body", {group.description.begin(), group.description.end()})}};
        if (const Account* owner = context.accounts.find_by_phone(group.description_owner))
            add_member_attrs(description.attrs, "participant", group, *owner);
        children.push_back(std::move(description));
    }
    if (group.announce) children.push_back({"announcement", {}, {}});
    if (group.locked) children.push_back({"locked", {}, {}});
    if (group.ephemeral) children.push_back({"ephemeral", {{"expiration", std::to_string(group.ephemeral)}}, {}});
    const std::string add_mode = group.all_member_add ? "all_member_add" : "admin_add";
    children.push_back(bytes_node("member_add_mode", {add_mode.begin(), add_mode.end()}));
    binary::Node node{"group",
                      {{"id", group.id},
                       {"subject", group.subject},
                       {"s_t", std::to_string(group.subject_time ? group.subject_time : group.creation)},
                       {"creation", std::to_string(group.creation)},
                       {"size", std::to_string(group.members.size())},
                       {"addressing_mode", std::string(addressing_name(group.addressing))}},
                      std::move(children)};
    if (creator) add_member_attrs(node.attrs, "creator", group, *creator);
    if (const Account* owner = subject_owner ? subject_owner : creator) add_member_attrs(node.attrs, "s_o", group, *owner);
    return node;
}

binary::Node gp2_notification(const Group& group, const Account& actor, binary::Node change) {
    binary::Node notification{"notification", {{"from", group_jid(group)}, {"type", std::string("w:gp2")}},
                              binary::Children{std::move(change)}};
    add_member_attrs(notification.attrs, "participant", group, actor);
    notification.attrs.push_back({"t", unix_now_text()});
    return notification;
}

void notify_members(SimulatorContext& context, const std::vector<std::string>& phones, const Session& actor,
                    const binary::Node& notification) {
    for (const auto& phone : phones) {
        const Account* account = context.accounts.find_by_phone(phone);
        if (!account) continue;
        for (const auto& [device_id, device] : account->companions) {
            if (device.removed || (phone == actor.hello.phone && device_id == actor.hello.device)) continue;
            binary::Node copy = notification;
            // Clients ack and deduplicate notifications by id, so every copy gets a fresh one.
            static std::uint64_t next_id = 0;  // simulator strand only
            copy.attrs.push_back({"id", "wasim-gp-" + std::to_string(++next_id)});
            deliver_to_device(context, *account, device_id, std::move(copy));
        }
    }
}

std::vector<std::string> member_phones(const Group& group) {
    std::vector<std::string> phones;
    for (const auto& [phone, role] : group.members) phones.push_back(phone);
    return phones;
}

Account* account_of(SimulatorContext& context, const binary::Node& participant) {
    const binary::Jid* jid = participant.attr_jid("jid");
    return jid ? context.accounts.find_by_user(jid->user, jid->server) : nullptr;
}

}  // namespace wagw::wasim
