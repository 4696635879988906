#pragma once
// Content <-> the E2E `Message` protobuf that travels inside Signal ciphertexts (before padding).
#include <optional>
#include <string>

#include "backend/wa/message/content.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::message {

struct EncodeOptions {
    // 32 random bytes WhatsApp uses to derive poll-vote and edit keys; generated when empty and needed.
    Bytes message_secret;
};

Result<Bytes> encode_message(const Content& content, const EncodeOptions& options = {});

struct SenderKeyDistribution {
    std::string group;
    Bytes distribution;  // the Signal SenderKeyDistributionMessage
};

struct DecodedMessage {
    Content content;
    std::optional<SenderKeyDistribution> sender_key;  // may ride along with content, or come alone
    std::optional<std::string> device_sent_to;         // set when this is our own message copied to us
    bool has_content = true;                           // false for a bare sender-key distribution
};

Result<DecodedMessage> decode_message(std::span<const std::uint8_t> bytes);

// The copy of an outgoing message for the sender's own other devices.
Result<Bytes> wrap_device_sent(std::span<const std::uint8_t> message, const std::string& destination_jid);
// A Message that only carries a sender key (sent pairwise to group members that lack it).
Result<Bytes> encode_sender_key_distribution(const SenderKeyDistribution& distribution);

}  // namespace wagw::wa::message
