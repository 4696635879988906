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

// Whether an id read from the network (a message, a receipt, an ack) is one we accept: 1 to 128 characters of
// [A-Za-z0-9._-], not "." or "..". Every id real clients and servers make fits (ours are 22 hex characters,
// phones use 16 to 32 hex, server-made ids are digits), and nothing that fits can break out of a file name, a
// JSON string, a log line or a database key further up. This is the rule of wagw::fs::is_plain_file_name too,
// on purpose (tests pin them together); it is restated here because the protocol layers sit below backend/fs
// and are shared with the simulator, which has no business linking the gateway's file-system helpers.
bool is_valid_message_id(std::string_view id);

// Whether an id a caller chose for a message we send has the shape our own and WhatsApp Web's ids have:
// "3EB0" and 16 to 20 upper-case hex digits. Stricter than is_valid_message_id: these ids are made by us (the
// gateway assigns them when it accepts a message), so anything else is a bug upstream, not a peer's quirk.
bool is_outgoing_message_id(std::string_view id);

}  // namespace wagw::wa::stanza
