#include "tools/wasim/handlers/group_settings.hpp"

#include <ctime>

#include "tools/wasim/handlers/group_nodes.hpp"
#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {
namespace {

std::string content_text(const binary::Node& node) {
    if (const binary::Bytes* bytes = node.bytes()) return {bytes->begin(), bytes->end()};
    if (const std::string* text = std::get_if<std::string>(&node.content)) return *text;
    return {};
}

std::uint64_t now() { return static_cast<std::uint64_t>(std::time(nullptr)); }

void change_subject(SimulatorContext& context, Session& session, Account& actor, Group& group, const std::string& id,
                    const binary::Node& subject) {
    std::string value = content_text(subject);
    if (value.empty() || value.size() > 100)
        return session.connection->send(iq_error(id, 400, "bad-request"));  // WhatsApp caps subjects at 100
    group.subject = std::move(value);
    group.subject_owner = actor.phone;
    group.subject_time = now();
    context.group_changed(group);
    session.connection->send(iq_result(id));
    binary::Node change{"subject", {{"subject", group.subject}}, {}};
    add_member_attrs(change.attrs, "s_o", group, actor);
    change.attrs.push_back({"s_t", std::to_string(group.subject_time)});
    notify_members(context, member_phones(group), session, gp2_notification(group, actor, std::move(change)));
}

void change_description(SimulatorContext& context, Session& session, Account& actor, Group& group,
                        const std::string& id, const binary::Node& description) {
    const std::string prev = text(description, "prev");
    if (!prev.empty() ? prev != group.description_id : !group.description_id.empty())
        return session.connection->send(iq_error(id, 409, "conflict"));
    const bool remove = text(description, "delete") == "true";
    const binary::Node* body = description.child("body");
    std::string value = body ? content_text(*body) : std::string();
    if (!remove && (value.empty() || text(description, "id").empty()))
        return session.connection->send(iq_error(id, 400, "bad-request"));
    group.description = remove ? std::string() : std::move(value);
    group.description_id = remove ? std::string() : text(description, "id");
    group.description_owner = actor.phone;
    group.description_time = now();
    context.group_changed(group);
    session.connection->send(iq_result(id));
    binary::Node change{"description", {{"id", remove ? prev : group.description_id}, {"t", std::to_string(group.description_time)}}, {}};
    if (remove) change.attrs.push_back({"delete", std::string("true")});
    else change.content = binary::Children{bytes_node("body", {group.description.begin(), group.description.end()})};
    notify_members(context, member_phones(group), session, gp2_notification(group, actor, std::move(change)));
}

constexpr const char* kSettingTags[] = {"announcement", "not_announcement", "locked",         "unlocked",
                                        "ephemeral",    "not_ephemeral",    "member_add_mode"};

// Applies one admin-only setting; the notification repeats the request's own node, which is the vocabulary
// clients parse (Baileys: groups.update with announce / restrict / ephemeralDuration / memberAddMode).
void change_setting(SimulatorContext& context, Session& session, Account& actor, Group& group, const std::string& id,
                    const binary::Node& setting) {
    if (!group.is_admin(actor.phone)) return session.connection->send(iq_error(id, 403, "forbidden"));
    binary::Node change{setting.tag, {}, {}};
    if (setting.tag == "announcement" || setting.tag == "not_announcement") {
        group.announce = setting.tag == "announcement";
    } else if (setting.tag == "locked" || setting.tag == "unlocked") {
        group.locked = setting.tag == "locked";
    } else if (setting.tag == "ephemeral" || setting.tag == "not_ephemeral") {
        std::uint32_t seconds = 0;
        if (setting.tag == "ephemeral") {
            const std::string value = text(setting, "expiration");
            if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos)
                return session.connection->send(iq_error(id, 400, "bad-request"));
            seconds = static_cast<std::uint32_t>(std::stoul(value));
            change.attrs.push_back({"expiration", value});
        }
        group.ephemeral = seconds;
    } else {  // member_add_mode
        const std::string mode = content_text(setting);
        if (mode != "all_member_add" && mode != "admin_add") return session.connection->send(iq_error(id, 400, "bad-request"));
        group.all_member_add = mode == "all_member_add";
        change.content = binary::Bytes(mode.begin(), mode.end());
    }
    context.group_changed(group);
    session.connection->send(iq_result(id));
    notify_members(context, member_phones(group), session, gp2_notification(group, actor, std::move(change)));
}

}  // namespace

bool is_group_settings_iq(const binary::Node& iq) {
    if (iq.child("subject") || iq.child("description")) return true;
    for (const char* tag : kSettingTags)
        if (iq.child(tag)) return true;
    return false;
}

void handle_group_settings_iq(SimulatorContext& context, Session& session, Account& actor, Group& group,
                              const binary::Node& iq) {
    const std::string id = text(iq, "id");
    if (text(iq, "type") != "set") return session.connection->send(iq_error(id, 400, "bad-request"));
    for (const char* tag : kSettingTags)
        if (const binary::Node* setting = iq.child(tag)) return change_setting(context, session, actor, group, id, *setting);
    if (group.locked && !group.is_admin(actor.phone)) return session.connection->send(iq_error(id, 403, "forbidden"));
    if (const binary::Node* subject = iq.child("subject")) return change_subject(context, session, actor, group, id, *subject);
    if (const binary::Node* description = iq.child("description"))
        return change_description(context, session, actor, group, id, *description);
}

}  // namespace wagw::wasim
