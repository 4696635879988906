#include "tools/wasim/phone/companion_welcome.hpp"

#include <openssl/rand.h>
#include <wa/proto/e2e_message.pb.h>

#include <chrono>
#include <string>

#include "backend/wa/binary/zlib_codec.hpp"
#include "tools/wasim/phone/phone_messaging.hpp"

namespace wagw::wasim {
namespace {

using ProtocolMessage = wa::proto::Message::ProtocolMessage;
using HistorySyncType = wa::proto::Message::HistorySyncNotification::HistorySyncType;

std::string random_bytes(std::size_t size) {
    std::string out(size, '\0');
    RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size));
    return out;
}

std::int64_t unix_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Status send(SimulatorContext& context, Account& phone, std::uint16_t device, const wa::proto::Message& message) {
    const std::string bytes = message.SerializeAsString();
    return phone_send_to_own_device(context, phone, device,
                                    {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
}

// A fresh key per companion: the simulator keeps no app state that a key would have to decrypt.
wa::proto::Message key_share(const Account& phone, std::uint16_t device) {
    wa::proto::Message message;
    ProtocolMessage* protocol = message.mutable_protocolmessage();
    protocol->set_type(ProtocolMessage::APP_STATE_SYNC_KEY_SHARE);
    auto* key = protocol->mutable_appstatesynckeyshare()->add_keys();
    key->mutable_keyid()->set_keyid(random_bytes(6));
    auto* data = key->mutable_keydata();
    data->set_keydata(random_bytes(32));
    data->set_timestamp(unix_millis());
    auto* fingerprint = data->mutable_fingerprint();
    fingerprint->set_rawid(phone.adv_raw_id);
    fingerprint->set_currentindex(0);
    fingerprint->add_deviceindexes(0);
    fingerprint->add_deviceindexes(device);
    return message;
}

Result<wa::proto::Message> history_notification() {
    wa::proto::HistorySync empty;
    empty.set_synctype(wa::proto::Message::HistorySyncNotification::NON_BLOCKING_DATA);
    const std::string history = empty.SerializeAsString();
    auto inline_payload = wa::binary::zlib_compress(
        {reinterpret_cast<const std::uint8_t*>(history.data()), history.size()});
    if (!inline_payload) return inline_payload.error();

    wa::proto::Message message;
    ProtocolMessage* protocol = message.mutable_protocolmessage();
    protocol->set_type(ProtocolMessage::HISTORY_SYNC_NOTIFICATION);
    auto* notification = protocol->mutable_historysyncnotification();
    notification->set_synctype(wa::proto::Message::HistorySyncNotification::NON_BLOCKING_DATA);
    notification->set_chunkorder(0);
    notification->set_progress(100);
    notification->set_initialhistbootstrapinlinepayload(
        std::string(inline_payload->begin(), inline_payload->end()));
    return message;
}

}  // namespace

Status phone_welcome_companion(SimulatorContext& context, Account& phone, std::uint16_t device) {
    // The key first: a client that reads the notification without a key postpones its app-state sync.
    if (auto sent = send(context, phone, device, key_share(phone, device)); !sent) return sent;
    auto notification = history_notification();
    if (!notification) return notification.error();
    return send(context, phone, device, *notification);
}

}  // namespace wagw::wasim
