#pragma once
// Which addresses the gateway may connect to when it fetches a URL a caller gave it (media_url). Without
// these rules a caller could make the gateway reach what only it can reach: its own loopback services, the
// LAN, a cloud metadata endpoint (169.254.169.254).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sockaddr;

namespace wagw::services {

struct AddressPolicy {
    // Loopback, private (RFC 1918, fc00::/7), link-local and CGNAT allowed too (tests, LAN-only setups).
    // Unspecified, multicast, broadcast and reserved addresses stay refused.
    bool allow_private = false;
    // Exact addresses allowed despite the rules (a NAS on the LAN, say), in numeric form.
    std::vector<std::string> allowed_addresses;
};

// Why the address may not be used ("loopback", "private", "link-local", ...), or nothing when it may.
// IPv4-mapped and IPv4-compatible IPv6 forms are judged by the IPv4 address inside.
std::optional<std::string> address_refusal(const sockaddr* address, const AddressPolicy& policy);
// The same for numeric text ("10.0.0.1", "::ffff:127.0.0.1"); text that is not an address is refused.
std::optional<std::string> address_refusal(std::string_view numeric, const AddressPolicy& policy);

// "192.0.2.1" or "2001:db8::1" (no brackets, no port); empty for another family.
std::string numeric_address(const sockaddr* address);

}  // namespace wagw::services
