#pragma once
// An account as one JSON record (keys in hex), for the SQLite store. Holds the virtual phone's private identity
// key: only ever written to the simulator's own data dir.
#include <string>

#include "common/util/result.hpp"
#include "tools/wasim/state/account.hpp"

namespace wagw::wasim {

std::string encode_account_record(const Account& account);
// Error "bad_account_record" naming the field.
Result<Account> decode_account_record(const std::string& text);

}  // namespace wagw::wasim
