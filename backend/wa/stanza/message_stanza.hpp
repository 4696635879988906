#pragma once
// The <message> stanza both ways: what a client sends (one <enc> per recipient device under <participants>,
// or one skmsg for a group) and what a server delivers (one <enc> for this device). Used by the client and by
// the simulator, so both sides agree on every attribute.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backend/wa/binary/node.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::stanza {

using binary::Bytes;
using binary::Jid;
using binary::Node;

struct EncPayload {
    std::string type;       // "pkmsg", "msg" or "skmsg"
    std::string mediatype;  // "image", "ptt", ... for media; empty otherwise
    Bytes ciphertext;
    int version = 2;

    bool operator==(const EncPayload&) const = default;
};

struct DeviceEnc {
    Jid device;
    EncPayload enc;

    bool operator==(const DeviceEnc&) const = default;
};

// A message as the sending client builds it.
struct OutgoingMessage {
    std::string id;
    Jid to;                  // the chat: a user or a group
    std::string type;        // "text", "media", "reaction", "poll"
    std::vector<DeviceEnc> participants;  // pairwise copies (recipients' devices and our other devices)
    std::optional<EncPayload> group;      // the skmsg every group member decrypts
    std::optional<Bytes> device_identity;  // ADVSignedDeviceIdentity, required when any copy is a pkmsg
    std::string edit;                      // "1" edit, "7" revoke (sender), "8" revoke (admin); empty otherwise
};

Node build_message_stanza(const OutgoingMessage& message);
Result<OutgoingMessage> parse_outgoing_message(const Node& node);

// A message as the server delivers it to one device.
struct DeliveredMessage {
    std::string id;
    Jid from;                         // the sending device (or the group, with participant set)
    std::optional<Jid> participant;   // the sending device in a group
    std::optional<Jid> recipient;     // set on copies of our own messages: the chat they went to
    std::string type;
    std::int64_t timestamp = 0;
    std::string push_name;            // notify
    std::optional<Jid> sender_pn, sender_lid;
    std::vector<EncPayload> encs;     // usually one; a group message can carry a pkmsg/msg (key) and an skmsg
    std::string edit;
};

Node build_delivered_message(const DeliveredMessage& message);
Result<DeliveredMessage> parse_delivered_message(const Node& node);

}  // namespace wagw::wa::stanza
