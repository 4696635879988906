#include "tools/wasim/state/group_directory.hpp"

#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wasim {

std::string_view addressing_name(GroupAddressing addressing) {
    return addressing == GroupAddressing::Pn ? "pn" : "lid";
}

std::optional<GroupAddressing> parse_group_addressing(std::string_view name) {
    if (name == "lid") return GroupAddressing::Lid;
    if (name == "pn") return GroupAddressing::Pn;
    return std::nullopt;
}

bool Group::is_admin(const std::string& phone) const {
    auto it = members.find(phone);
    return it != members.end() && !it->second.empty();
}

std::string new_invite_code() {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const auto random = wa::signal::KeyPair::generate().public_key;  // 32 random bytes
    std::string code;
    for (std::size_t i = 0; i < 22; ++i) code += kAlphabet[random[i] % kAlphabet.size()];
    return code;
}

Group& GroupDirectory::create(std::string subject, const std::string& creator, std::uint64_t now) {
    // Real ids look like 120363 followed by 12 digits.
    const auto random = wa::signal::KeyPair::generate().public_key;
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = value << 8 | random[static_cast<std::size_t>(i)];
    std::string id = "120363" + std::to_string(100000000000ULL + (value + next_++) % 899999999999ULL);
    Group& group = groups_[id];
    group.id = id;
    group.subject = std::move(subject);
    group.subject_owner = creator;
    group.subject_time = now;
    group.creator = creator;
    group.creation = now;
    group.members[creator] = "superadmin";
    group.addressing = new_group_addressing_;
    return group;
}

void GroupDirectory::restore(Group group) {
    std::string id = group.id;
    groups_[std::move(id)] = std::move(group);
}

Group* GroupDirectory::find(std::string_view id) {
    auto it = groups_.find(id);
    return it == groups_.end() ? nullptr : &it->second;
}

Group* GroupDirectory::find_by_invite(std::string_view code) {
    if (code.empty()) return nullptr;
    for (auto& [id, group] : groups_)
        if (group.invite_code == code) return &group;
    return nullptr;
}

std::vector<const Group*> GroupDirectory::of_member(const std::string& phone) const {
    std::vector<const Group*> out;
    for (const auto& [id, group] : groups_)
        if (group.members.contains(phone)) out.push_back(&group);
    return out;
}

}  // namespace wagw::wasim
