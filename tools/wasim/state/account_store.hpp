#pragma once
// Optional persistence of the account directory in DIR/wasim.db (SQLite), so a restarted simulator still knows
// its accounts, linked companions and published keys. One row per account, rewritten when it changes; used only
// from the simulator's strand.
#include <memory>
#include <string>
#include <vector>

#include "common/util/result.hpp"
#include "backend/store/database.hpp"
#include "tools/wasim/state/account.hpp"

namespace wagw::wasim {

class AccountStore {
public:
    static Result<std::unique_ptr<AccountStore>> open(const std::string& data_dir);

    Result<std::vector<Account>> load_all();
    Status save(const Account& account);

private:
    explicit AccountStore(store::Database db) : db_(std::move(db)) {}
    store::Database db_;
};

}  // namespace wagw::wasim
