#pragma once
// Group stanzas (xmlns "w:g2") in both roles: the client's requests (metadata, participating list, create,
// add/remove/promote/demote) and the server's answers and w:gp2 change notifications.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backend/wa/binary/node.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::stanza {

enum class GroupRole { Member, Admin, SuperAdmin };

struct GroupParticipant {
    binary::Jid jid;
    GroupRole role = GroupRole::Member;
    std::optional<binary::Jid> phone_number;  // when the group is addressed by LID
    std::optional<binary::Jid> lid;

    bool operator==(const GroupParticipant&) const = default;
};

struct GroupInfo {
    binary::Jid jid;  // 120363...@g.us
    std::string subject;
    std::int64_t subject_time = 0;
    std::optional<binary::Jid> subject_owner;
    std::int64_t creation = 0;
    std::optional<binary::Jid> creator;
    std::string description;
    std::string description_id;  // changes with every edit; a new description names it as `prev`
    bool announce = false;  // only admins may send
    bool locked = false;    // only admins may edit the group info
    std::string addressing_mode = "pn";
    std::vector<GroupParticipant> participants;

    bool operator==(const GroupInfo&) const = default;
};

enum class ParticipantAction { Add, Remove, Promote, Demote };
std::string_view action_name(ParticipantAction action);
std::optional<ParticipantAction> action_from_name(std::string_view name);

// --- client requests ---
binary::Node build_group_info_request(const binary::Jid& group, const std::string& iq_id);
binary::Node build_participating_request(const std::string& iq_id);
binary::Node build_create_group_request(const std::string& subject, const std::vector<binary::Jid>& members,
                                        const std::string& iq_id);
binary::Node build_participants_request(const binary::Jid& group, ParticipantAction action,
                                        const std::vector<binary::Jid>& members, const std::string& iq_id);
// <iq to=GROUP type=set xmlns=w:g2><subject>text</subject></iq>
binary::Node build_group_subject_request(const binary::Jid& group, const std::string& subject, const std::string& iq_id);
// <description id=NEW [prev=CURRENT]><body>text</body></description>, or <description delete="true" [prev]/> for
// an empty text (Baileys' groupUpdateDescription).
binary::Node build_group_description_request(const binary::Jid& group, const std::string& description,
                                             const std::string& new_id, const std::string& previous_id,
                                             const std::string& iq_id);

// --- what the server reads from them ---
struct CreateGroupRequest {
    std::string subject;
    std::vector<binary::Jid> members;
};
Result<CreateGroupRequest> parse_create_group_request(const binary::Node& iq);
struct ParticipantsRequest {
    binary::Jid group;
    ParticipantAction action = ParticipantAction::Add;
    std::vector<binary::Jid> members;
};
Result<ParticipantsRequest> parse_participants_request(const binary::Node& iq);

// --- server answers ---
binary::Node group_node(const GroupInfo& info);  // <group id="120363..." ...><participant/>...</group>
Result<GroupInfo> parse_group_node(const binary::Node& group);

struct ParticipantResult {
    binary::Jid jid;
    std::string error;  // empty: done; else "403", "404", "408", "409", ...

    bool operator==(const ParticipantResult&) const = default;
};
binary::Node participants_result_node(ParticipantAction action, const std::vector<ParticipantResult>& results);
Result<std::vector<ParticipantResult>> parse_participants_result(const binary::Node& iq_result, ParticipantAction action);

// --- change notifications (server -> members) ---
struct GroupChange {
    binary::Jid group;
    binary::Jid author;
    ParticipantAction action = ParticipantAction::Add;
    std::vector<binary::Jid> members;
    std::string id;
    std::int64_t timestamp = 0;

    bool operator==(const GroupChange&) const = default;
};
binary::Node build_group_notification(const GroupChange& change);
Result<GroupChange> parse_group_notification(const binary::Node& notification);

// A subject or description change (a w:gp2 notification):
//   <notification from="GROUP" type="w:gp2" participant="AUTHOR"><subject subject="…" s_o s_t/></notification>
//   <notification …><description id t [delete="true"]>[<body>text</body>]</description></notification>
struct GroupInfoChange {
    binary::Jid group;
    binary::Jid author;
    std::optional<std::string> subject;
    std::optional<std::string> description;  // "" when it was deleted
    std::int64_t timestamp = 0;
};
// Errors "unsupported_notification" for other w:gp2 changes (participants: parse_group_notification).
Result<GroupInfoChange> parse_group_info_notification(const binary::Node& notification);

}  // namespace wagw::wa::stanza
