// Groups (protocol notes §8): w:g2 requests (create, metadata, participating, add/remove/promote/demote, leave)
// and the server's w:gp2 participant notifications as GroupParticipantsChanged events.
#include <algorithm>

#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/stanza/message_id.hpp"

namespace wagw::wa::client {
namespace {

Result<binary::Jid> member_jid(const std::string& member) {
    std::string digits = member.rfind('+', 0) == 0 ? member.substr(1) : member;
    if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos)
        return binary::Jid{digits, "s.whatsapp.net", std::nullopt, 0, 0};
    auto jid = binary::parse_jid(member);
    if (!jid) return jid.error();
    return jid->without_device();
}

Result<binary::Jid> group_jid(const std::string& group) {
    auto jid = binary::parse_jid(group.find('@') == std::string::npos ? group + "@g.us" : group);
    if (!jid) return jid.error();
    if (jid->server != "g.us") return Error{"bad_group", group + " is not a group JID (…@g.us)"};
    return *jid;
}

Result<std::vector<binary::Jid>> member_jids(const std::vector<std::string>& members) {
    std::vector<binary::Jid> jids;
    for (const auto& member : members) {
        auto jid = member_jid(member);
        if (!jid) return jid.error();
        jids.push_back(*jid);
    }
    return jids;
}

Result<stanza::GroupInfo> group_from_reply(const Result<binary::Node>& reply) {
    if (!reply) return reply.error();
    const binary::Node* group = reply->child("group");
    if (group == nullptr) return Error{"bad_group_reply", "the reply carries no <group>"};
    return stanza::parse_group_node(*group);
}

}  // namespace

// The stanza builders name an iq id; send_iq assigns its own, so theirs is dropped.
void WaClient::send_group_iq(binary::Node iq, IqCallback done) {
    std::erase_if(iq.attrs, [](const binary::Attribute& a) { return a.key == "id"; });
    send_iq(std::move(iq), std::move(done));
}

void WaClient::create_group(std::string subject, std::vector<std::string> members, GroupCallback done) {
    auto jids = member_jids(members);
    if (!jids) return done(jids.error());
    send_group_iq(stanza::build_create_group_request(subject, *jids, ""),
                  [done = std::move(done)](Result<binary::Node> reply) { done(group_from_reply(reply)); });
}

void WaClient::group_info(std::string group, GroupCallback done) {
    auto jid = group_jid(group);
    if (!jid) return done(jid.error());
    send_group_iq(stanza::build_group_info_request(*jid, ""),
                  [done = std::move(done)](Result<binary::Node> reply) { done(group_from_reply(reply)); });
}

void WaClient::joined_groups(std::function<void(Result<std::vector<stanza::GroupInfo>>)> done) {
    send_group_iq(stanza::build_participating_request(""), [done = std::move(done)](Result<binary::Node> reply) {
        if (!reply) return done(reply.error());
        std::vector<stanza::GroupInfo> groups;
        const binary::Node* list = reply->child("groups");
        if (list && list->children()) {
            for (const binary::Node& group : *list->children()) {
                auto info = stanza::parse_group_node(group);
                if (!info) return done(info.error());
                groups.push_back(std::move(*info));
            }
        }
        done(std::move(groups));
    });
}

void WaClient::update_group_participants(
    std::string group, stanza::ParticipantAction action, std::vector<std::string> members,
    std::function<void(Result<std::vector<stanza::ParticipantResult>>)> done) {
    auto jid = group_jid(group);
    if (!jid) return done(jid.error());
    auto jids = member_jids(members);
    if (!jids) return done(jids.error());
    send_group_iq(stanza::build_participants_request(*jid, action, *jids, ""),
                  [self = shared_from_this(), group = jid->to_string(), action,
                   done = std::move(done)](Result<binary::Node> reply) {
                      if (!reply) return done(reply.error());
                      auto results = stanza::parse_participants_result(*reply, action);
                      if (results && action == stanza::ParticipantAction::Remove) self->rotate_sender_key(group);
                      else if (results && action == stanza::ParticipantAction::Add)
                          (void)self->sender_keys_sent_->forget_group(group);
                      done(std::move(results));
                  });
}

void WaClient::leave_group(std::string group, std::function<void(Status)> done) {
    auto jid = group_jid(group);
    if (!jid) return done(jid.error());
    binary::Node iq{"iq",
                    {jid_attr("to", binary::Jid{"", "g.us", std::nullopt, 0, 0}), text_attr("type", "set"),
                     text_attr("xmlns", "w:g2")},
                    binary::Children{binary::Node{
                        "leave", {}, binary::Children{binary::Node{"group", {jid_attr("id", *jid)}, {}}}}}};
    send_iq(std::move(iq), [done = std::move(done)](Result<binary::Node> reply) {
        if (!reply) return done(reply.error());
        done(ok_status());
    });
}

void WaClient::set_group_subject(std::string group, std::string subject, std::function<void(Status)> done) {
    auto jid = group_jid(group);
    if (!jid) return done(jid.error());
    if (subject.empty()) return done(Error{"bad_subject", "a group subject cannot be empty"});
    send_group_iq(stanza::build_group_subject_request(*jid, subject, ""),
                  [done = std::move(done)](Result<binary::Node> reply) {
                      done(reply ? ok_status() : Status(reply.error()));
                  });
}

// The server refuses a description that does not name the current one as `prev` (two admins editing at once), so
// the current id comes from the group's metadata first.
void WaClient::set_group_description(std::string group, std::string description, std::function<void(Status)> done) {
    auto jid = group_jid(group);
    if (!jid) return done(jid.error());
    group_info(group, [self = shared_from_this(), jid = *jid, description = std::move(description),
                       done = std::move(done)](Result<stanza::GroupInfo> info) {
        if (!info) return done(info.error());
        auto own = binary::parse_jid(self->device_.jid);
        const std::string new_id = stanza::new_message_id(own ? own->user : std::string());
        self->send_group_iq(stanza::build_group_description_request(jid, description, new_id, info->description_id, ""),
                            [done](Result<binary::Node> reply) { done(reply ? ok_status() : Status(reply.error())); });
    });
}

void WaClient::on_group_notification(const binary::Node& notification) {
    if (auto info = stanza::parse_group_info_notification(notification)) {
        emit(GroupInfoChanged{info->group.to_string(), info->author.to_string(), info->subject, info->description});
        return;
    }
    auto change = stanza::parse_group_notification(notification);
    if (!change) return;  // settings, invites, ... are not events yet
    // Someone left: a new sender key. New members: everyone gets the key again with the next send (members'
    // devices that were not in the memory would get it anyway).
    if (change->action == stanza::ParticipantAction::Remove) rotate_sender_key(change->group.to_string());
    else if (change->action == stanza::ParticipantAction::Add) (void)sender_keys_sent_->forget_group(change->group.to_string());
    GroupParticipantsChanged event;
    event.group = change->group.to_string();
    event.author = change->author.to_string();
    event.action = std::string(stanza::action_name(change->action));
    for (const auto& member : change->members) event.members.push_back(member.to_string());
    emit(std::move(event));
}

}  // namespace wagw::wa::client
