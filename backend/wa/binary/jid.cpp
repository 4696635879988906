#include "backend/wa/binary/jid.hpp"

#include <charconv>

#include "backend/wa/binary/log_text.hpp"
#include "backend/wa/binary/utf8.hpp"

namespace wagw::wa::binary {
namespace {

Error invalid(std::string_view text, std::string_view why) {
    return Error{"invalid_jid", "JID \"" + log_text(text) + "\": " + std::string(why)};
}

bool is_ad_server(std::string_view server) {
    return server == servers::kUser || server == servers::kLid || server == servers::kHosted ||
           server == servers::kHostedLid;
}

// Servers whose wire form always carries a device number, so a text without one means device 0.
bool always_has_device(std::string_view server) {
    return server == servers::kHosted || server == servers::kHostedLid || server == servers::kMessenger ||
           server == servers::kInterop;
}

bool can_have_device(std::string_view server) {
    return is_ad_server(server) || server == servers::kMessenger || server == servers::kInterop;
}

bool is_known_server(std::string_view server) {
    for (auto known : {servers::kUser, servers::kGroup, servers::kLegacyUser, servers::kBroadcast,
                       servers::kLid, servers::kMessenger, servers::kInterop, servers::kNewsletter,
                       servers::kHosted, servers::kHostedLid, servers::kBot}) {
        if (server == known) return true;
    }
    return false;
}

// Server names are DNS-like labels; anything else is a typo or an injection attempt.
bool is_valid_server(std::string_view server) {
    if (server.empty() || server.front() == '.' || server.back() == '.') return false;
    char previous = 0;
    for (char c : server) {
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!allowed || (c == '.' && previous == '.')) return false;
        previous = c;
    }
    return true;
}

// Plain decimal without sign, spaces or leading zeros (except "0" itself), at most `max`.
template <class Int>
std::optional<Int> parse_number(std::string_view digits, unsigned max) {
    if (digits.empty() || digits.size() > 5 || (digits.size() > 1 && digits.front() == '0'))
        return std::nullopt;
    unsigned value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc{} || end != digits.data() + digits.size() || value > max) return std::nullopt;
    return static_cast<Int>(value);
}

}  // namespace

JidWireForm Jid::wire_form() const {
    // Without a device every JID is a plain pair; this is also how Baileys writes "user@hosted", and keeping
    // it means a decoded JID_PAIR goes out again unchanged whatever its server.
    if (!device.has_value() && agent == 0) return JidWireForm::pair;
    if (server == servers::kMessenger) return JidWireForm::fb;
    if (server == servers::kInterop) return JidWireForm::interop;
    if (is_ad_server(server)) return JidWireForm::ad;
    return JidWireForm::pair;  // a device on another server cannot be carried; the encoder refuses it
}

bool Jid::device_fits_wire_form() const {
    if (agent != 0 && server != servers::kUser) return false;  // only s.whatsapp.net's AD_JID byte is free
    return wire_form() != JidWireForm::pair || (!device.has_value() && agent == 0);
}

std::uint8_t Jid::domain_type() const {
    if (server == servers::kLid) return domains::kLid;
    if (server == servers::kHosted) return domains::kHosted;
    if (server == servers::kHostedLid) return domains::kHostedLid;
    return agent;
}

std::string Jid::to_string() const {
    if (server.empty()) return {};
    std::string out;
    if (server == servers::kInterop && !user.empty()) out += std::to_string(integrator) + "-";
    out += user;
    if (agent != 0)
        out += "." + std::to_string(agent) + ":" + std::to_string(device.value_or(0));
    else if (device)
        out += ":" + std::to_string(*device);
    // A bare server is written bare only when parse_jid would recognise it that way.
    if (out.empty()) return is_known_server(server) ? server : "@" + server;
    return out + "@" + server;
}

Jid Jid::without_device() const {
    Jid plain{user, server};
    plain.integrator = integrator;
    return plain;
}

Result<Jid> parse_jid(std::string_view text) {
    if (text.empty()) return Error{"invalid_jid", "JID text is empty"};
    if (auto bad = first_invalid_utf8(text)) {
        return Error{"invalid_jid", "JID text is not valid UTF-8 (byte " + std::to_string(*bad) + ")"};
    }
    for (unsigned char c : text) {
        if (c <= 0x20 || c == 0x7F)
            return Error{"invalid_jid", "JID text contains a space or control character"};
    }
    const auto at = text.find('@');
    if (at == std::string_view::npos) {
        if (!is_known_server(text)) return invalid(text, "no '@' and not a known server name");
        return Jid{"", std::string(text)};
    }
    if (text.find('@', at + 1) != std::string_view::npos) return invalid(text, "more than one '@'");
    const std::string_view server = text.substr(at + 1);
    std::string_view local = text.substr(0, at);
    if (!is_valid_server(server))
        return invalid(text, "the server must be lowercase letters, digits, '-' and '.'");

    Jid jid;
    jid.server = std::string(server);
    if (local.empty()) return jid;

    if (server == servers::kInterop) {
        if (auto dash = local.find('-'); dash != std::string_view::npos) {
            auto integrator = parse_number<std::uint16_t>(local.substr(0, dash), 65535);
            if (!integrator) return invalid(text, "the interop integrator must be a number from 0 to 65535");
            jid.integrator = *integrator;
            local = local.substr(dash + 1);
        }
    }
    if (auto colon = local.find(':'); colon != std::string_view::npos) {
        if (!can_have_device(server)) return invalid(text, "JIDs on this server have no device part");
        const unsigned max = is_ad_server(server) ? 255 : 65535;  // AD_JID has one byte for the device
        auto device = parse_number<std::uint16_t>(local.substr(colon + 1), max);
        if (!device) return invalid(text, "the device must be a number from 0 to " + std::to_string(max));
        jid.device = *device;
        local = local.substr(0, colon);
    }
    if (auto dot = local.find('.'); dot != std::string_view::npos) {
        if (server != servers::kUser)
            return invalid(text, "an agent (\".N\") is only meaningful on s.whatsapp.net");
        auto agent = parse_number<std::uint8_t>(local.substr(dot + 1), 255);
        if (!agent) return invalid(text, "the agent must be a number from 0 to 255");
        if (*agent == domains::kLid || *agent == domains::kHosted || *agent == domains::kHostedLid) {
            return invalid(text,
                           "this agent is a known domain; write the JID on @lid, @hosted or @hosted.lid");
        }
        jid.agent = *agent;
        if (!jid.device) jid.device = 0;
        local = local.substr(0, dot);
    }
    if (local.empty()) return invalid(text, "the user part is empty");
    if (local.find_first_of(":.") != std::string_view::npos)
        return invalid(text, "the user part has a stray ':' or '.'");
    jid.user = std::string(local);
    if (!jid.device && always_has_device(server)) jid.device = 0;
    return jid;
}

Jid jid_from_ad(std::uint8_t domain, std::uint8_t device, std::string user) {
    Jid jid{std::move(user), std::string(servers::kUser), device};
    switch (domain) {
        case domains::kWhatsApp:
            break;
        case domains::kLid:
            jid.server = servers::kLid;
            break;
        case domains::kHosted:
            jid.server = servers::kHosted;
            break;
        case domains::kHostedLid:
            jid.server = servers::kHostedLid;
            break;
        default:
            jid.agent = domain;
            break;
    }
    return jid;
}

}  // namespace wagw::wa::binary
