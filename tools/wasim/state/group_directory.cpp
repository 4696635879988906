#include "tools/wasim/state/group_directory.hpp"

#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wasim {

bool Group::is_admin(const std::string& phone) const {
    auto it = members.find(phone);
    return it != members.end() && !it->second.empty();
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
    group.creator = creator;
    group.creation = now;
    group.members[creator] = "superadmin";
    return group;
}

Group* GroupDirectory::find(std::string_view id) {
    auto it = groups_.find(id);
    return it == groups_.end() ? nullptr : &it->second;
}

std::vector<const Group*> GroupDirectory::of_member(const std::string& phone) const {
    std::vector<const Group*> out;
    for (const auto& [id, group] : groups_)
        if (group.members.contains(phone)) out.push_back(&group);
    return out;
}

}  // namespace wagw::wasim
