#include "tools/wasim/handlers/groups.hpp"

#include <algorithm>
#include <ctime>

#include "tools/wasim/handlers/delivery.hpp"
#include "tools/wasim/handlers/group_invites.hpp"
#include "tools/wasim/handlers/group_nodes.hpp"
#include "tools/wasim/handlers/group_settings.hpp"
#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {
namespace {

void create_group(SimulatorContext& context, Session& session, Account& creator, const binary::Node& iq,
                  const binary::Node& create) {
    Group& group = context.groups.create(text(create, "subject"), creator.phone,
                                         static_cast<std::uint64_t>(std::time(nullptr)));
    if (const binary::Children* children = create.children())
        for (const binary::Node& participant : *children)
            if (participant.tag == "participant")
                if (Account* member = account_of(context, participant))
                    group.members.try_emplace(member->phone, "");
    context.group_changed(group);
    binary::Node metadata = group_node(context, group);
    session.connection->send(iq_result(text(iq, "id"), {metadata}));
    notify_members(context, member_phones(group), session,
                   gp2_notification(group, creator,
                                    {"create", {{"type", std::string("new")}}, binary::Children{metadata}}));
}

void change_participants(SimulatorContext& context, Session& session, Account& actor, Group& group,
                         const binary::Node& iq, const binary::Node& change) {
    const std::string id = text(iq, "id");
    const bool may_add = change.tag == "add" && group.all_member_add;
    if (!group.is_admin(actor.phone) && !may_add)
        return session.connection->send(iq_error(id, 403, "forbidden"));
    const std::vector<std::string> before = member_phones(group);
    binary::Children results, changed;
    std::vector<std::string> joined;
    if (const binary::Children* children = change.children()) {
        for (const binary::Node& participant : *children) {
            if (participant.tag != "participant") continue;
            binary::Node result{"participant", {}, {}};
            if (const binary::Jid* jid = participant.attr_jid("jid")) result.attrs.push_back({"jid", *jid});
            Account* member = account_of(context, participant);
            const bool is_member = member && group.members.contains(member->phone);
            std::string error;
            if (!member)
                error = "404";
            else if (change.tag == "add" && is_member)
                error = "409";
            else if (change.tag != "add" && !is_member)
                error = "404";
            if (error.empty()) {
                if (change.tag == "add") {
                    group.members[member->phone] = "";
                    joined.push_back(member->phone);
                } else if (change.tag == "remove") {
                    group.members.erase(member->phone);
                } else if (change.tag == "promote") {
                    group.members[member->phone] = "admin";
                } else if (change.tag == "demote") {
                    group.members[member->phone] = "";
                }
                changed.push_back(participant_node(group, *member, ""));
            } else {
                result.attrs.push_back({"error", error});
            }
            results.push_back(std::move(result));
        }
    }
    session.connection->send(iq_result(id, {{change.tag, {}, std::move(results)}}));
    if (changed.empty()) return;
    context.group_changed(group);
    // Everyone who was a member hears about the change (the removed included); whoever was just added gets
    // the whole group as a <create> instead, which is how a client learns about a group it joins (Baileys:
    // groups.upsert).
    notify_members(context, before, session,
                   gp2_notification(group, actor, {change.tag, {}, std::move(changed)}));
    if (!joined.empty())
        notify_members(
            context, joined, session,
            gp2_notification(
                group, actor,
                {"create", {{"reason", std::string("add")}}, binary::Children{group_node(context, group)}}));
}

}  // namespace

void handle_group_iq(SimulatorContext& context, Session& session, const binary::Node& iq) {
    const std::string id = text(iq, "id");
    const binary::Jid* to = iq.attr_jid("to");
    Account* actor = context.accounts.find_by_phone(session.hello.phone);
    if (!to || !actor) return session.connection->send(iq_error(id, 400, "bad-request"));
    if (to->user.empty()) {
        if (const binary::Node* create = iq.child("create"))
            return create_group(context, session, *actor, iq, *create);
        if (iq.child("participating")) {
            binary::Children groups;
            for (const Group* group : context.groups.of_member(actor->phone))
                groups.push_back(group_node(context, *group));
            return session.connection->send(iq_result(id, {{"groups", {}, std::move(groups)}}));
        }
        if (iq.child("invite") || iq.child("leave"))
            return handle_group_membership_iq(context, session, *actor, iq);
        return session.connection->send(iq_error(id, 501, "feature-not-implemented"));
    }
    Group* group = context.groups.find(to->user);
    if (!group || !group->members.contains(actor->phone))
        return session.connection->send(iq_error(id, 404, "item-not-found"));
    if (iq.child("query")) return session.connection->send(iq_result(id, {group_node(context, *group)}));
    for (const char* action : {"add", "remove", "promote", "demote"})
        if (const binary::Node* change = iq.child(action))
            return change_participants(context, session, *actor, *group, iq, *change);
    if (is_group_settings_iq(iq)) return handle_group_settings_iq(context, session, *actor, *group, iq);
    if (iq.child("invite")) return handle_group_invite_code_iq(context, session, *actor, *group, iq);
    session.connection->send(iq_error(id, 501, "feature-not-implemented"));
}

namespace {

// What a member's device receives: the group as `from`, the sending device as `participant` in the group's
// addressing (receivers key the pairwise session and the sender key by it), the other form beside it.
binary::Node group_copy(const binary::Jid& chat, const Group& group, const Account& sender,
                        std::uint16_t sender_device, const binary::Node& message, binary::Children content) {
    const std::string type = text(message, "type").empty() ? std::string("text") : text(message, "type");
    const bool by_pn = group.addressing == GroupAddressing::Pn;
    binary::Node copy{"message",
                      {{"from", chat}, {"participant", member_device_jid(group, sender, sender_device)}},
                      std::move(content)};
    if (by_pn) copy.attrs.push_back({"participant_lid", lid_jid(sender.lid)});
    else copy.attrs.push_back({"participant_pn", pn_jid(sender.phone)});
    copy.attrs.push_back({"addressing_mode", std::string(addressing_name(group.addressing))});
    copy.attrs.push_back({"id", text(message, "id")});
    copy.attrs.push_back({"t", unix_now_text()});
    copy.attrs.push_back({"type", type});
    copy.attrs.push_back({"notify", sender.push_name});
    return copy;
}

// The pairwise envelope plus, for a pkmsg, the sender's device identity (the receiver needs it to trust the
// new session).
void append_direct(binary::Children& content, const binary::Node& enc, const binary::Node& message) {
    content.push_back(enc);
    if (text(enc, "type") == "pkmsg")
        if (const binary::Node* identity = message.child("device-identity")) content.push_back(*identity);
}

// A message to a group that names one `participant` is the answer to that device's retry receipt: a pairwise
// copy for it alone, which must not reach the other members as if it were the group message.
void route_to_one_member(SimulatorContext& context, const Account& sender, std::uint16_t sender_device,
                         const binary::Jid& chat, const Group& group, const binary::Jid& target,
                         const binary::Node& message) {
    const Account* member = context.accounts.find_by_user(target.user, target.server);
    const binary::Node* enc = message.child("enc");
    if (!member || !enc || !group.members.contains(member->phone)) return;
    binary::Children content;
    append_direct(content, *enc, message);
    deliver_to_device(context, *member, target.device.value_or(0),
                      group_copy(chat, group, sender, sender_device, message, std::move(content)));
    context.stats.messages_routed++;
}

// The sender-key message for everyone, plus the per-device encs (sender-key distribution) for those listed.
void fan_out(SimulatorContext& context, const Account& sender, std::uint16_t sender_device,
             const binary::Jid& chat, const Group& group, const binary::Node& message) {
    const binary::Node* skmsg = message.child("enc");
    std::map<std::pair<std::string, std::uint16_t>, const binary::Node*> direct;  // keyed by (phone, device)
    if (const binary::Node* participants = message.child("participants");
        participants && participants->children())
        for (const binary::Node& to : *participants->children())
            if (const binary::Jid* jid = to.attr_jid("jid"); jid && to.child("enc"))
                if (Account* account = context.accounts.find_by_user(jid->user, jid->server))
                    direct[{account->phone, jid->device.value_or(0)}] = to.child("enc");
    for (const auto& [phone, role] : group.members) {
        const Account* member = context.accounts.find_by_phone(phone);
        if (!member) continue;
        std::vector<std::uint16_t> devices{0};
        for (const auto& [device_id, device] : member->companions)
            if (!device.removed) devices.push_back(device_id);
        for (std::uint16_t device : devices) {
            if (phone == sender.phone && device == sender_device) continue;
            binary::Children content;
            if (auto it = direct.find({phone, device}); it != direct.end())
                append_direct(content, *it->second, message);
            if (skmsg) content.push_back(*skmsg);
            if (content.empty()) continue;
            deliver_to_device(context, *member, device,
                              group_copy(chat, group, sender, sender_device, message, std::move(content)));
            context.stats.messages_routed++;
        }
    }
}

}  // namespace

void route_group_message(SimulatorContext& context, Session& session, const binary::Node& message) {
    const std::string id = text(message, "id");
    const binary::Jid chat = *message.attr_jid("to");
    binary::Node ack{
        "ack", {{"class", std::string("message")}, {"id", id}, {"t", unix_now_text()}, {"from", chat}}, {}};
    Account* sender = context.accounts.find_by_phone(session.hello.phone);
    Group* group = context.groups.find(chat.user);
    // In an announcement group only admins speak. (The error code real WhatsApp uses here is unconfirmed.)
    const bool muted = group && sender && group->announce && !group->is_admin(sender->phone);
    if (!sender || !group || !group->members.contains(sender->phone) || muted) {
        ack.attrs.push_back({"error", std::string("403")});
        return session.connection->send(std::move(ack));
    }
    session.connection->send(std::move(ack));
    if (const binary::Jid* target = message.attr_jid("participant"))
        return route_to_one_member(context, *sender, session.hello.device, chat, *group, *target, message);
    fan_out(context, *sender, session.hello.device, chat, *group, message);
}

}  // namespace wagw::wasim
