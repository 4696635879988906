#pragma once
// Groups of the simulated network: subject, description, invite code, settings, creator and members with roles.
// Owned by the simulator's strand; persisted through GroupStore (state/group_store) when wasim runs with --data.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wagw::wasim {

// How a group names its members on the wire (protocol.md §8). WhatsApp's new groups are LID-addressed: participant
// jids, the `participant` of group messages and notifications are LIDs, the phone number rides along
// (phone_number / participant_pn). Older groups are PN-addressed: the same places carry user@s.whatsapp.net and
// the LID rides along (lid / participant_lid); that is the only addressing Baileys 6 understands.
enum class GroupAddressing { Lid, Pn };

std::string_view addressing_name(GroupAddressing addressing);  // "lid" | "pn"
std::optional<GroupAddressing> parse_group_addressing(std::string_view name);

struct Group {
    std::string id;  // the user part of ID@g.us
    std::string subject;
    std::string subject_owner;  // phone of who set it last
    std::uint64_t subject_time = 0;
    std::string creator;  // phone
    std::uint64_t creation = 0;
    std::string description;     // empty: none
    std::string description_id;  // changes with every edit; clients send it back as `prev`
    std::string description_owner;
    std::uint64_t description_time = 0;
    std::string invite_code;  // empty until an admin asks for one; a revoke replaces it
    bool announce = false;          // only admins send messages
    bool locked = false;            // only admins change subject and description
    std::uint32_t ephemeral = 0;    // disappearing-messages timer in seconds, 0 = off
    bool all_member_add = false;    // any member may add participants (member_add_mode all_member_add)
    std::map<std::string, std::string> members;  // phone -> role: "" (member), "admin", "superadmin"
    GroupAddressing addressing = GroupAddressing::Lid;  // fixed at creation, as on WhatsApp

    bool is_admin(const std::string& phone) const;
};

// A fresh random code (22 characters of [A-Za-z0-9], like chat.whatsapp.com/<code>).
std::string new_invite_code();

class GroupDirectory {
public:
    // The addressing of groups created from now on (wasim --group-addressing, PUT /admin/group-addressing).
    void set_addressing_for_new_groups(GroupAddressing addressing) { new_group_addressing_ = addressing; }
    GroupAddressing addressing_for_new_groups() const { return new_group_addressing_; }

    Group& create(std::string subject, const std::string& creator, std::uint64_t now);
    // A group read back from storage (replaces one with the same id).
    void restore(Group group);
    Group* find(std::string_view id);
    Group* find_by_invite(std::string_view code);
    std::vector<const Group*> of_member(const std::string& phone) const;
    std::size_t size() const { return groups_.size(); }

private:
    std::map<std::string, Group, std::less<>> groups_;
    std::uint64_t next_ = 1;
    GroupAddressing new_group_addressing_ = GroupAddressing::Lid;
};

}  // namespace wagw::wasim
