#pragma once
// WhatsApp message ids as current clients make them: "3EB0" + uppercase hex of the first 9 bytes of
// SHA-256(uint64 BE unix seconds || own user || "@c.us" || 16 random bytes), 22 characters in all.
// Servers treat ids as opaque; using the clients' shape keeps our messages indistinguishable.
#include <cstdint>
#include <string>
#include <string_view>

namespace wagw::wa::stanza {

std::string new_message_id(std::string_view own_user, std::uint64_t unix_seconds);
std::string new_message_id(std::string_view own_user);  // now

}  // namespace wagw::wa::stanza
