#include "backend/wa/signal/address.hpp"

#include <algorithm>

namespace wagw::wa::signal {

Result<Address> address_for(std::string_view user, AccountDomain domain, std::int32_t device) {
    if (user.empty()) return Error{"invalid_address", "a Signal address needs a user"};
    if (!std::all_of(user.begin(), user.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Error{"invalid_address", "a WhatsApp user must be digits, got \"" + std::string(user) + "\""};
    }
    if (device < 0 || device > 0xFFFF) {
        return Error{"invalid_address", "device " + std::to_string(device) + " is out of range"};
    }
    std::string name(user);
    if (domain == AccountDomain::Lid) name += "_1";
    return Address{std::move(name), device};
}

}  // namespace wagw::wa::signal
