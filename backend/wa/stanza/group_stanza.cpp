#include "backend/wa/stanza/group_stanza.hpp"

#include <array>
#include <charconv>
#include <utility>

#include "backend/wa/stanza/node_fields.hpp"

namespace wagw::wa::stanza {
namespace {

using binary::Attribute;
using binary::Children;
using binary::Jid;
using binary::Node;

constexpr std::array<std::pair<ParticipantAction, std::string_view>, 4> kActions{{
    {ParticipantAction::Add, "add"},
    {ParticipantAction::Remove, "remove"},
    {ParticipantAction::Promote, "promote"},
    {ParticipantAction::Demote, "demote"},
}};

Jid server_jid(const char* server) {
    Jid jid;
    jid.server = server;
    return jid;
}

Node iq(const Jid& to, const char* type, const std::string& id, Children children) {
    return Node{"iq", {{"id", id}, {"to", to}, {"type", std::string(type)}, {"xmlns", std::string("w:g2")}},
                std::move(children)};
}

Children participant_nodes(const std::vector<Jid>& members) {
    Children out;
    for (const Jid& member : members) out.push_back(Node{"participant", {{"jid", member}}, {}});
    return out;
}

Result<std::vector<Jid>> read_participants(const Node& parent) {
    std::vector<Jid> members;
    if (const Children* children = parent.children()) {
        for (const Node& child : *children) {
            if (child.tag != "participant") continue;
            auto jid = required_jid(child, "jid");
            if (!jid) return jid.error();
            members.push_back(*jid);
        }
    }
    return members;
}

std::int64_t number(const std::string& text) {
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

const Node* first_child(const Node& node) {
    const Children* children = node.children();
    return children && !children->empty() ? &children->front() : nullptr;
}

}  // namespace

std::string_view action_name(ParticipantAction action) {
    for (const auto& [a, name] : kActions) {
        if (a == action) return name;
    }
    return "add";
}

std::optional<ParticipantAction> action_from_name(std::string_view name) {
    for (const auto& [a, n] : kActions) {
        if (n == name) return a;
    }
    return std::nullopt;
}

Node build_group_info_request(const Jid& group, const std::string& iq_id) {
    return iq(group, "get", iq_id, Children{Node{"query", {{"request", std::string("interactive")}}, {}}});
}

Node build_participating_request(const std::string& iq_id) {
    return iq(server_jid("g.us"), "get", iq_id,
              Children{Node{"participating", {}, Children{Node{"participants", {}, {}}, Node{"description", {}, {}}}}});
}

Node build_create_group_request(const std::string& subject, const std::vector<Jid>& members, const std::string& iq_id) {
    return iq(server_jid("g.us"), "set", iq_id,
              Children{Node{"create", {{"subject", subject}}, participant_nodes(members)}});
}

Node build_participants_request(const Jid& group, ParticipantAction action, const std::vector<Jid>& members,
                                const std::string& iq_id) {
    return iq(group, "set", iq_id, Children{Node{std::string(action_name(action)), {}, participant_nodes(members)}});
}

Result<CreateGroupRequest> parse_create_group_request(const Node& request) {
    const Node* create = request.child("create");
    if (!create) return malformed(request, "has no <create>");
    auto subject = required_text(*create, "subject");
    if (!subject) return subject.error();
    auto members = read_participants(*create);
    if (!members) return members.error();
    return CreateGroupRequest{*subject, std::move(*members)};
}

Result<ParticipantsRequest> parse_participants_request(const Node& request) {
    auto group = required_jid(request, "to");
    if (!group) return group.error();
    const Node* change = first_child(request);
    if (!change) return malformed(request, "has no participant change");
    auto action = action_from_name(change->tag);
    if (!action) return malformed(request, "asks for an unknown change <" + change->tag + ">");
    auto members = read_participants(*change);
    if (!members) return members.error();
    if (members->empty()) return malformed(*change, "names no participant");
    return ParticipantsRequest{*group, *action, std::move(*members)};
}

Node group_node(const GroupInfo& info) {
    // The id is the bare group user: clients append @g.us themselves.
    std::vector<Attribute> attrs{{"id", info.jid.user},
                                 {"subject", info.subject},
                                 {"s_t", std::to_string(info.subject_time)},
                                 {"creation", std::to_string(info.creation)},
                                 {"size", std::to_string(info.participants.size())},
                                 {"addressing_mode", info.addressing_mode}};
    if (info.subject_owner) attrs.push_back({"s_o", *info.subject_owner});
    if (info.creator) attrs.push_back({"creator", *info.creator});
    Children children;
    for (const GroupParticipant& p : info.participants) {
        std::vector<Attribute> pattrs{{"jid", p.jid}};
        if (p.role == GroupRole::Admin) pattrs.push_back({"type", std::string("admin")});
        if (p.role == GroupRole::SuperAdmin) pattrs.push_back({"type", std::string("superadmin")});
        if (p.phone_number) pattrs.push_back({"phone_number", *p.phone_number});
        if (p.lid) pattrs.push_back({"lid", *p.lid});
        children.push_back(Node{"participant", std::move(pattrs), {}});
    }
    if (!info.description.empty()) {
        std::string body = info.description;
        children.push_back(Node{"description", {{"id", info.description_id.empty() ? std::string("1") : info.description_id}},
                                Children{Node{"body", {}, binary::Bytes(body.begin(), body.end())}}});
    }
    if (info.announce) children.push_back(Node{"announcement", {}, {}});
    if (info.locked) children.push_back(Node{"locked", {}, {}});
    return Node{"group", std::move(attrs), std::move(children)};
}

Result<GroupInfo> parse_group_node(const Node& group) {
    if (group.tag != "group") return malformed(group, "is not a group");
    GroupInfo info;
    auto id = required_text(group, "id");
    if (!id) return id.error();
    auto jid = binary::parse_jid(id->find('@') == std::string::npos ? *id + "@g.us" : *id);
    if (!jid) return jid.error();
    info.jid = *jid;
    info.subject = optional_text(group, "subject");
    info.subject_time = number(optional_text(group, "s_t"));
    info.subject_owner = optional_jid(group, "s_o");
    info.creation = number(optional_text(group, "creation"));
    info.creator = optional_jid(group, "creator");
    const std::string mode = optional_text(group, "addressing_mode");
    if (!mode.empty()) info.addressing_mode = mode;
    if (const Children* children = group.children()) {
        for (const Node& child : *children) {
            if (child.tag == "participant") {
                auto member = required_jid(child, "jid");
                if (!member) return member.error();
                const std::string type = optional_text(child, "type");
                GroupRole role = type == "superadmin" ? GroupRole::SuperAdmin
                                 : type == "admin"    ? GroupRole::Admin
                                                      : GroupRole::Member;
                info.participants.push_back({*member, role, optional_jid(child, "phone_number"), optional_jid(child, "lid")});
            } else if (child.tag == "description") {
                info.description_id = optional_text(child, "id");
                if (const Node* body = child.child("body"); body && body->bytes()) {
                    info.description.assign(body->bytes()->begin(), body->bytes()->end());
                }
            } else if (child.tag == "announcement") {
                info.announce = true;
            } else if (child.tag == "locked") {
                info.locked = true;
            }
        }
    }
    return info;
}

Node participants_result_node(ParticipantAction action, const std::vector<ParticipantResult>& results) {
    Children children;
    for (const ParticipantResult& r : results) {
        std::vector<Attribute> attrs{{"jid", r.jid}};
        if (!r.error.empty()) attrs.push_back({"error", r.error});
        children.push_back(Node{"participant", std::move(attrs), {}});
    }
    return Node{std::string(action_name(action)), {}, std::move(children)};
}

Result<std::vector<ParticipantResult>> parse_participants_result(const Node& iq_result, ParticipantAction action) {
    const Node* change = iq_result.child(action_name(action));
    if (!change) return malformed(iq_result, "has no <" + std::string(action_name(action)) + "> result");
    std::vector<ParticipantResult> results;
    if (const Children* children = change->children()) {
        for (const Node& child : *children) {
            if (child.tag != "participant") continue;
            auto jid = required_jid(child, "jid");
            if (!jid) return jid.error();
            results.push_back({*jid, optional_text(child, "error")});
        }
    }
    return results;
}

Node build_group_notification(const GroupChange& change) {
    return Node{"notification",
                {{"from", change.group},
                 {"id", change.id},
                 {"participant", change.author},
                 {"t", std::to_string(change.timestamp)},
                 {"type", std::string("w:gp2")}},
                Children{Node{std::string(action_name(change.action)), {}, participant_nodes(change.members)}}};
}

namespace {

// What every w:gp2 notification carries: the group, who acted, when, and one child saying what changed.
struct Gp2Envelope {
    Jid group;
    Jid author;
    std::int64_t timestamp = 0;
    const Node* body = nullptr;
};

Result<Gp2Envelope> read_gp2_envelope(const Node& notification) {
    if (notification.tag != "notification" || optional_text(notification, "type") != "w:gp2") {
        return malformed(notification, "is not a group notification");
    }
    auto group = required_jid(notification, "from");
    if (!group) return group.error();
    auto author = required_jid(notification, "participant");
    if (!author) return author.error();
    const Node* body = first_child(notification);
    if (!body) return malformed(notification, "says nothing changed");
    return Gp2Envelope{*group, *author, number(optional_text(notification, "t")), body};
}

}  // namespace

Result<GroupChange> parse_group_notification(const Node& notification) {
    auto envelope = read_gp2_envelope(notification);
    if (!envelope) return envelope.error();
    const Node* body = envelope->body;
    GroupChange change;
    change.group = envelope->group;
    change.author = envelope->author;
    change.id = optional_text(notification, "id");
    change.timestamp = envelope->timestamp;
    auto action = action_from_name(body->tag);
    if (!action) return Error{"unsupported_notification", "group change <" + body->tag + "> is not handled"};
    change.action = *action;
    auto members = read_participants(*body);
    if (!members) return members.error();
    change.members = std::move(*members);
    return change;
}

Node build_group_subject_request(const Jid& group, const std::string& subject, const std::string& iq_id) {
    return iq(group, "set", iq_id, Children{Node{"subject", {}, binary::Bytes(subject.begin(), subject.end())}});
}

Node build_group_description_request(const Jid& group, const std::string& description, const std::string& new_id,
                                     const std::string& previous_id, const std::string& iq_id) {
    Node change{"description", {}, {}};
    if (description.empty()) change.attrs.push_back({"delete", std::string("true")});
    else change.attrs.push_back({"id", new_id});
    if (!previous_id.empty()) change.attrs.push_back({"prev", previous_id});
    if (!description.empty())
        change.content = Children{Node{"body", {}, binary::Bytes(description.begin(), description.end())}};
    return iq(group, "set", iq_id, Children{std::move(change)});
}

Result<GroupInfoChange> parse_group_info_notification(const Node& notification) {
    auto envelope = read_gp2_envelope(notification);
    if (!envelope) return envelope.error();
    const Node* body = envelope->body;
    GroupInfoChange change;
    change.group = envelope->group;
    change.author = envelope->author;
    change.timestamp = envelope->timestamp;
    auto text_of = [](const Node& node) {
        if (const binary::Bytes* bytes = node.bytes()) return std::string(bytes->begin(), bytes->end());
        if (const std::string* text = std::get_if<std::string>(&node.content)) return *text;
        return std::string();
    };
    if (body->tag == "subject") {
        const std::string* subject = body->attr_text("subject");
        if (!subject) return malformed(*body, "has no subject attribute");
        change.subject = *subject;
    } else if (body->tag == "description") {
        const Node* text = body->child("body");
        if (optional_text(*body, "delete") == "true") change.description = std::string();
        else if (text) change.description = text_of(*text);
        else return malformed(*body, "has neither a body nor delete=\"true\"");
    } else {
        return Error{"unsupported_notification", "group change <" + body->tag + "> is not a subject or description"};
    }
    return change;
}

}  // namespace wagw::wa::stanza
