#pragma once
// Groups kept in DIR/wasim.db next to the accounts, so a restarted simulator still knows every group, its
// subject, description, invite code, settings and members. One JSON row per group, rewritten when it changes;
// used only from the simulator's strand.
#include <memory>
#include <string>
#include <vector>

#include "backend/store/database.hpp"
#include "common/util/result.hpp"
#include "tools/wasim/state/group_directory.hpp"

namespace wagw::wasim {

// The row format (exposed for tests). Error "bad_group_record" names what is wrong.
std::string encode_group_record(const Group& group);
Result<Group> decode_group_record(std::string_view text);

class GroupStore {
public:
    static Result<std::unique_ptr<GroupStore>> open(const std::string& data_dir);

    Result<std::vector<Group>> load_all();
    Status save(const Group& group);

private:
    explicit GroupStore(store::Database db) : db_(std::move(db)) {}
    store::Database db_;
};

}  // namespace wagw::wasim
