#include "backend/services/address_rules.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace wagw::services {
namespace {

enum class Kind { Public, Private, Never };

struct V4Range {
    std::uint32_t network;
    int prefix;
    Kind kind;
    const char* why;
};

constexpr std::uint32_t v4(int a, int b, int c, int d) {
    return (std::uint32_t(a) << 24) | (std::uint32_t(b) << 16) | (std::uint32_t(c) << 8) | std::uint32_t(d);
}

// IANA special-purpose registry, the parts that matter for outbound fetches.
constexpr std::array kV4Ranges{
    V4Range{v4(0, 0, 0, 0), 8, Kind::Never, "unspecified (0.0.0.0/8)"},
    V4Range{v4(127, 0, 0, 0), 8, Kind::Private, "loopback"},
    V4Range{v4(10, 0, 0, 0), 8, Kind::Private, "private (RFC 1918)"},
    V4Range{v4(172, 16, 0, 0), 12, Kind::Private, "private (RFC 1918)"},
    V4Range{v4(192, 168, 0, 0), 16, Kind::Private, "private (RFC 1918)"},
    V4Range{v4(169, 254, 0, 0), 16, Kind::Private, "link-local"},
    V4Range{v4(100, 64, 0, 0), 10, Kind::Private, "carrier-grade NAT (100.64.0.0/10)"},
    V4Range{v4(192, 0, 0, 0), 24, Kind::Never, "reserved (IETF protocol assignments)"},
    V4Range{v4(198, 18, 0, 0), 15, Kind::Never, "reserved (benchmarking)"},
    V4Range{v4(224, 0, 0, 0), 4, Kind::Never, "multicast"},
    V4Range{v4(240, 0, 0, 0), 4, Kind::Never, "reserved (240.0.0.0/4, broadcast)"},
};

struct Verdict {
    Kind kind;
    const char* why;
};

Verdict judge_v4(std::uint32_t address) {
    for (const V4Range& range : kV4Ranges) {
        const std::uint32_t mask = range.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - range.prefix);
        if ((address & mask) == range.network) return {range.kind, range.why};
    }
    return {Kind::Public, ""};
}

Verdict judge_v6(const in6_addr& address) {
    const std::uint8_t* b = address.s6_addr;
    const auto zeros = [b](int from, int to) {
        return std::all_of(b + from, b + to, [](auto x) { return x == 0; });
    };
    const auto embedded_v4 = [b] { return v4(b[12], b[13], b[14], b[15]); };
    if (zeros(0, 16)) return {Kind::Never, "unspecified (::)"};
    if (zeros(0, 15) && b[15] == 1) return {Kind::Private, "loopback"};
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (the old compatible form) reach the IPv4 address inside.
    if (zeros(0, 10) && b[10] == 0xff && b[11] == 0xff) return judge_v4(embedded_v4());
    if (zeros(0, 12)) return judge_v4(embedded_v4());
    // 64:ff9b::/96 (NAT64) also ends at the IPv4 address inside.
    if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zeros(4, 12))
        return judge_v4(embedded_v4());
    if (b[0] == 0xff) return {Kind::Never, "multicast"};
    if ((b[0] & 0xfe) == 0xfc) return {Kind::Private, "private (unique local fc00::/7)"};
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return {Kind::Private, "link-local"};
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return {Kind::Private, "private (site-local fec0::/10)"};
    return {Kind::Public, ""};
}

std::optional<std::string> refusal(const Verdict& verdict, const std::string& text,
                                   const AddressPolicy& policy) {
    if (verdict.kind == Kind::Public) return std::nullopt;
    if (std::find(policy.allowed_addresses.begin(), policy.allowed_addresses.end(), text) !=
        policy.allowed_addresses.end())
        return std::nullopt;
    if (verdict.kind == Kind::Private && policy.allow_private) return std::nullopt;
    return std::string(verdict.why);
}

}  // namespace

std::string numeric_address(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
    } else if (address->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
    }
    return text;
}

std::optional<std::string> address_refusal(const sockaddr* address, const AddressPolicy& policy) {
    const std::string text = numeric_address(address);
    if (address->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(address);
        return refusal(judge_v4(ntohl(in->sin_addr.s_addr)), text, policy);
    }
    if (address->sa_family == AF_INET6) {
        return refusal(judge_v6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr), text, policy);
    }
    return std::string("not an internet address");
}

std::optional<std::string> address_refusal(std::string_view numeric, const AddressPolicy& policy) {
    const std::string text(numeric);
    sockaddr_in in{};
    if (inet_pton(AF_INET, text.c_str(), &in.sin_addr) == 1) {
        in.sin_family = AF_INET;
        return address_refusal(reinterpret_cast<const sockaddr*>(&in), policy);
    }
    sockaddr_in6 in6{};
    if (inet_pton(AF_INET6, text.c_str(), &in6.sin6_addr) == 1) {
        in6.sin6_family = AF_INET6;
        return address_refusal(reinterpret_cast<const sockaddr*>(&in6), policy);
    }
    return std::string("not a numeric address");
}

}  // namespace wagw::services
