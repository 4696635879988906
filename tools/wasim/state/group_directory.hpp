#pragma once
// Groups of the simulated network: subject, creator and members with their roles. In memory only (a restart
// forgets groups); owned by the simulator's strand.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wagw::wasim {

struct Group {
    std::string id;  // the user part of ID@g.us
    std::string subject;
    std::string creator;  // phone
    std::uint64_t creation = 0;
    std::map<std::string, std::string> members;  // phone -> role: "" (member), "admin", "superadmin"

    bool is_admin(const std::string& phone) const;
};

class GroupDirectory {
public:
    Group& create(std::string subject, const std::string& creator, std::uint64_t now);
    Group* find(std::string_view id);
    std::vector<const Group*> of_member(const std::string& phone) const;

private:
    std::map<std::string, Group, std::less<>> groups_;
    std::uint64_t next_ = 1;
};

}  // namespace wagw::wasim
