#pragma once
// WhatsApp addresses ("JIDs"): user, optional agent and device, server. One type for every kind (phone-number
// users and their devices, LIDs, groups, broadcasts, hosted, Messenger and interop users, newsletters, bots);
// which of the four wire forms a JID takes follows from its fields (protocol notes 4.6).
//
// Text form (our own convention, a lossless superset of whatsmeow's):
//   s.whatsapp.net                     a bare server ("@s.whatsapp.net", Baileys' spelling, is accepted too)
//   15551234567@s.whatsapp.net         a user
//   15551234567:3@s.whatsapp.net       a device; ":0" is kept, because it means the AD_JID wire form
//   15551234567.5:3@s.whatsapp.net     a non-zero AD_JID domain byte ("agent") on s.whatsapp.net
//   123456789012345:3@lid, …@hosted, …@hosted.lid, …@msgr
//   7-123456:2@interop                 integrator "7", user "123456", device 2
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::wa::binary {

namespace servers {
inline constexpr std::string_view kUser = "s.whatsapp.net";
inline constexpr std::string_view kGroup = "g.us";
inline constexpr std::string_view kLegacyUser = "c.us";
inline constexpr std::string_view kBroadcast = "broadcast";
inline constexpr std::string_view kLid = "lid";
inline constexpr std::string_view kMessenger = "msgr";
inline constexpr std::string_view kInterop = "interop";
inline constexpr std::string_view kNewsletter = "newsletter";
inline constexpr std::string_view kHosted = "hosted";
inline constexpr std::string_view kHostedLid = "hosted.lid";
inline constexpr std::string_view kBot = "bot";
}  // namespace servers

// AD_JID's second byte: which address space the user lives in.
namespace domains {
inline constexpr std::uint8_t kWhatsApp = 0;
inline constexpr std::uint8_t kLid = 1;
inline constexpr std::uint8_t kHosted = 128;
inline constexpr std::uint8_t kHostedLid = 129;
}  // namespace domains

enum class JidWireForm { pair, ad, fb, interop };

struct Jid {
    std::string user;    // may be empty: a bare server
    std::string server;  // empty only in the "no JID" value
    // Present when the JID addresses one device. Its presence (even as 0) selects the device-carrying wire
    // form: AD_JID on s.whatsapp.net/lid/hosted/hosted.lid (as Baileys does), FB_JID on msgr, INTEROP_JID on
    // interop. parse_jid gives hosted, hosted.lid, msgr and interop users device 0 when the text has none,
    // because their wire form always carries one (notes 4.6); a Jid built without a device goes out as
    // JID_PAIR.
    std::optional<std::uint16_t> device;
    // AD_JID's domain byte when it is none of the known domains (whatsmeow's "RawAgent"); s.whatsapp.net
    // only.
    std::uint8_t agent = 0;
    std::uint16_t integrator = 0;  // interop only

    bool operator==(const Jid&) const = default;

    bool empty() const { return server.empty(); }
    JidWireForm wire_form() const;
    // False when a device or agent is set on a server whose wire form cannot carry it (e.g. a group).
    bool device_fits_wire_form() const;
    // The byte AD_JID carries: fixed by the server for lid/hosted/hosted.lid, else the agent.
    std::uint8_t domain_type() const;
    std::string to_string() const;
    // The same user without agent and device: where a message to "all devices" goes.
    Jid without_device() const;
};

// Parses the text form above (and Baileys' "@server"). Errors (code "invalid_jid") name what is wrong:
// invalid UTF-8, spaces or control characters, several '@', a bad agent/device number, a device on a server
// that cannot carry one, a device above 255 where AD_JID has one byte for it.
Result<Jid> parse_jid(std::string_view text);

// What an AD_JID on the wire means: the domain byte picks the server (unknown domains stay as agent on
// s.whatsapp.net, so they survive a round trip).
Jid jid_from_ad(std::uint8_t domain, std::uint8_t device, std::string user);

}  // namespace wagw::wa::binary
