#pragma once
// Who a Signal session is with: a (name, device) pair. Names never go on the wire, so the mapping from a
// WhatsApp JID is ours; we follow Baileys' convention so stores stay readable side by side: the JID's user for
// phone-number accounts, "user_1" for LID accounts (libsignal-node forbids '.' in names).
#include <cstdint>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::wa::signal {

struct Address {
    std::string name;
    std::int32_t device = 0;

    bool operator==(const Address&) const = default;
};

enum class AccountDomain { PhoneNumber, Lid };

// `user` is the JID's user part (digits for PN, the LID number for LID); errors for empty or odd users.
Result<Address> address_for(std::string_view user, AccountDomain domain, std::int32_t device);

}  // namespace wagw::wa::signal
