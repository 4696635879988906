#include "tools/wasim/handlers/group_invites.hpp"

#include "tools/wasim/handlers/group_nodes.hpp"
#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {
namespace {

binary::Node invite_node(const Group& group) { return {"invite", {{"code", group.invite_code}}, {}}; }

void join_by_code(SimulatorContext& context, Session& session, Account& actor, const std::string& id,
                  const std::string& code) {
    Group* group = context.groups.find_by_invite(code);
    if (!group) return session.connection->send(iq_error(id, 404, "item-not-found"));
    if (group->members.contains(actor.phone)) return session.connection->send(iq_error(id, 409, "conflict"));
    const std::vector<std::string> before = member_phones(*group);
    group->members[actor.phone] = "";
    context.group_changed(*group);
    session.connection->send(iq_result(id, {{"group", {{"jid", group_jid(*group)}}, {}}}));
    notify_members(context, before, session,
                   gp2_notification(*group, actor, {"add", {{"reason", std::string("invite")}},
                                                    binary::Children{participant_node(*group, actor, "")}}));
    notify_members(context, {actor.phone}, session,
                   gp2_notification(*group, actor, {"create", {{"reason", std::string("invite")}},
                                                    binary::Children{group_node(context, *group)}}));
}

// The group a <group id=...> names: a JID (ID@g.us) or the bare id.
std::string group_id_of(const binary::Node& node) {
    if (const binary::Jid* jid = node.attr_jid("id")) return jid->user;
    std::string id = text(node, "id");
    if (auto at = id.find('@'); at != std::string::npos) id.resize(at);
    return id;
}

void leave_groups(SimulatorContext& context, Session& session, Account& actor, const std::string& id,
                  const binary::Node& leave) {
    binary::Children results;
    if (const binary::Children* children = leave.children()) {
        for (const binary::Node& entry : *children) {
            if (entry.tag != "group") continue;
            Group* group = context.groups.find(group_id_of(entry));
            if (!group || !group->members.contains(actor.phone)) {
                binary::Node failed = entry;
                failed.attrs.push_back({"error", std::string("404")});
                results.push_back(std::move(failed));
                continue;
            }
            const std::vector<std::string> audience = member_phones(*group);  // the leaver included
            group->members.erase(actor.phone);
            context.group_changed(*group);
            results.push_back({"group", {{"id", group_jid(*group)}}, {}});
            notify_members(context, audience, session,
                           gp2_notification(*group, actor, {"remove", {}, binary::Children{participant_node(*group, actor, "")}}));
        }
    }
    session.connection->send(iq_result(id, {{"leave", {}, std::move(results)}}));
}

}  // namespace

void handle_group_invite_code_iq(SimulatorContext& context, Session& session, Account& actor, Group& group,
                                 const binary::Node& iq) {
    const std::string id = text(iq, "id");
    if (!group.is_admin(actor.phone)) return session.connection->send(iq_error(id, 401, "not-authorized"));
    const bool revoke = text(iq, "type") == "set";
    if (revoke || group.invite_code.empty()) {
        group.invite_code = new_invite_code();
        context.group_changed(group);
    }
    session.connection->send(iq_result(id, {invite_node(group)}));
    if (revoke)
        notify_members(context, member_phones(group), session, gp2_notification(group, actor, invite_node(group)));
}

void handle_group_membership_iq(SimulatorContext& context, Session& session, Account& actor, const binary::Node& iq) {
    const std::string id = text(iq, "id");
    const std::string type = text(iq, "type");
    if (const binary::Node* leave = iq.child("leave"); leave && type == "set")
        return leave_groups(context, session, actor, id, *leave);
    const binary::Node* invite = iq.child("invite");
    const std::string code = invite ? text(*invite, "code") : std::string();
    if (code.empty()) return session.connection->send(iq_error(id, 400, "bad-request"));
    if (type == "set") return join_by_code(context, session, actor, id, code);
    const Group* group = context.groups.find_by_invite(code);
    if (!group) return session.connection->send(iq_error(id, 404, "item-not-found"));
    session.connection->send(iq_result(id, {group_node(context, *group)}));
}

}  // namespace wagw::wasim
