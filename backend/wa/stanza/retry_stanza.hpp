#pragma once
// Retry receipts (protocol notes §7.7): a device that cannot decrypt a message asks its sender for it again,
//   <receipt id type="retry" to [participant] [recipient]>
//     <retry count id t v="1"/> <registration>4 B</registration>
//     [<keys><type>05</type><identity/><key><id/><value/></key><skey><id/><value/><signature/></skey>
//            <device-identity/></keys>]      (from the second attempt on: a fresh session can be built from them)
//   </receipt>
// and the sender answers with the message re-encrypted for that one device, with the same id:
//   <message id to="DEVICE" type [recipient="CHAT" for our own devices]><enc v="2" type count="N"/>
//     [<device-identity/>]</message>
// Key material is carried as plain bytes so this layer stays free of the Signal library.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backend/wa/binary/node.hpp"
#include "backend/wa/stanza/direction.hpp"
#include "backend/wa/stanza/message_stanza.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::stanza {

struct RetryKeys {
    Bytes identity;  // 32-byte identity public key
    std::uint32_t pre_key_id = 0;
    Bytes pre_key;  // 32 bytes
    std::uint32_t signed_pre_key_id = 0;
    Bytes signed_pre_key;            // 32 bytes
    Bytes signed_pre_key_signature;  // 64 bytes
    Bytes device_identity;           // ADVSignedDeviceIdentity
};

struct RetryReceipt {
    std::string id;
    Jid peer;  // "to" (client -> server) or "from" (server -> client): the sender of the failed message
    std::optional<Jid> participant, recipient;
    int count = 1;                 // 1 for the first request
    std::string message_timestamp;  // the failed message's t
    std::uint32_t registration_id = 0;
    std::optional<RetryKeys> keys;
};

binary::Node build_retry_receipt(const RetryReceipt& receipt, Direction direction);
Result<RetryReceipt> parse_retry_receipt(const binary::Node& node, Direction direction);

// The answer to a retry receipt: `enc` for `device` only.
struct RetryResend {
    std::string id;
    Jid device;
    std::optional<Jid> recipient;  // our own device: the chat the message went to
    std::string type;              // "text", "media", ...
    std::string edit;
    EncPayload enc;
    int count = 1;
    std::optional<Bytes> device_identity;  // with a pkmsg
};

binary::Node build_retry_resend(const RetryResend& resend);

}  // namespace wagw::wa::stanza
