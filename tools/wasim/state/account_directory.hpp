#pragma once
// All accounts of the simulated network, with the PN <-> LID map. One owner (the simulator's strand).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"
#include "tools/wasim/state/account.hpp"

namespace wagw::wasim {

class AccountDirectory {
public:
    // A new account with a fresh virtual phone (identity key, signed pre-key). Errors: "invalid_phone" (not
    // 5-20 digits), "account_exists".
    Result<Account*> create(std::string_view phone, std::string push_name);
    // Adds an account restored from storage (keys included).
    void restore(Account account);

    Account* find_by_phone(std::string_view phone);
    Account* find_by_lid(std::string_view lid);
    // Either user form: "PN" on s.whatsapp.net/c.us, "LID" on lid.
    Account* find_by_user(std::string_view user, std::string_view server);
    std::vector<const Account*> all() const;
    std::size_t size() const { return by_phone_.size(); }

private:
    void restore_owned(std::unique_ptr<Account> account);

    std::map<std::string, std::unique_ptr<Account>, std::less<>> by_phone_;
    std::map<std::string, Account*, std::less<>> by_lid_;
};

// A phone number's LID: 15 digits derived from the number, so it is stable across restarts without storage.
std::string derive_lid(std::string_view phone);
// The account a client that registers with this push name is paired with (the mock-phone hook): a stable
// number in the 1555 range.
std::string derive_phone_for_push_name(std::string_view push_name);
bool is_valid_phone(std::string_view phone);

}  // namespace wagw::wasim
