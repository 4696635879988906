#pragma once
// What a virtual phone (device 0) does with 1:1 messages: it decrypts what reaches it with its Signal identity,
// records the result in its inbox and answers with a delivery receipt; when the control API says so it sends
// E2E messages (encrypted to every device of the recipient and, wrapped as sent by the account, to every companion
// of its own, like any client) and read receipts.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backend/wa/binary/node.hpp"
#include "backend/wa/message/content.hpp"
#include "common/util/result.hpp"
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

// A <message> delivered to the phone of `phone`.
void phone_receive(SimulatorContext& context, Account& phone, const wa::binary::Node& message);

// Sends `content` from the phone of `phone` to the account `to_phone`, and a device-sent copy of it to each of the
// phone's own companions (as a real phone does, so they show it as sent by the account); returns the message id.
// Errors:
// "not_found" (no such account), "no_devices" (no device of the recipient has published keys).
Result<std::string> phone_send(SimulatorContext& context, Account& phone, std::string_view to_phone,
                               const wa::message::Content& content);

// Sends a serialized e2e Message from the phone to one of its own companions as a peer message (category
// "peer"), e.g. the app-state key share a new companion needs. Error "no_devices" when that device has published
// no keys.
Status phone_send_to_own_device(SimulatorContext& context, Account& phone, std::uint16_t device,
                                std::span<const std::uint8_t> message_bytes);

// Read receipts for messages in the phone's inbox. Error "not_found" when an id is not there.
Status phone_mark_read(SimulatorContext& context, Account& phone, const std::vector<std::string>& ids);

}  // namespace wagw::wasim
