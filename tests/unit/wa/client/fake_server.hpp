#pragma once
// A scripted WhatsApp server for the client's tests: real transport, real Noise responder with a certificate
// chain from a test root, real ADV signing by a "phone" per account; just enough server logic for pairing,
// login, pre-keys, pings, logout, usync, pre-key bundles and 1:1 message/receipt routing between online
// devices. Runs on the caller's io_context (one thread), state behind one mutex.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "backend/wa/binary/node.hpp"
#include "backend/wa/noise/cert_chain.hpp"
#include "backend/wa/noise/responder.hpp"
#include "backend/wa/transport/frame_codec.hpp"
#include "backend/wa/transport/websocket_server.hpp"

namespace wagw::wa::test {

class FakeWhatsAppServer {
public:
    explicit FakeWhatsAppServer(asio::io_context& io);
    ~FakeWhatsAppServer();

    std::string url() const;
    noise::TrustRoot trust_root() const { return authority_.trust_root(); }

    // The phone of account `phone` scans a QR string shown by a client: pair-success goes to the
    // registering connection. Companions get device numbers 7, 8, ... per account. `tamper` breaks the
    // HMAC (a wrong ADV secret), to see the client refuse it.
    void scan(const std::string& qr, bool tamper = false, const std::string& phone = "15551234567");
    // Sends a node to every open connection.
    void push(const binary::Node& node);
    // A companion of `phone` linked (added) or unlinked: the <notification type="devices"> WhatsApp sends to
    // the account's contacts and its other devices, pushed to every open connection. Unlinking also takes the
    // device out of usync answers. Returns the notification's id.
    std::string notify_devices(const std::string& phone, std::uint16_t device, bool added);

    // What the server saw (copies, under the lock).
    int logins() const;
    int registrations() const;
    int pre_keys_uploaded() const;  // by all devices, in all uploads
    bool device_signature_verified() const;
    std::vector<std::string> pair_errors() const;
    bool removed_companion() const;
    int messages_routed() const;
    int usync_queries() const;
    // Whether the device ("15551234567:7@s.whatsapp.net") acknowledged the notification with this id: by then
    // its client has handled it.
    bool acked_notification(const std::string& device, const std::string& id) const;
    // The devices a message stanza carried copies for ("15551234567:7@s.whatsapp.net", ...), by message id.
    std::vector<std::string> devices_addressed(const std::string& id) const;
    int signed_pre_key_rotations() const;
    // Replies to iqs pushed with ids starting "srv-": "ID result" or "ID error CODE".
    std::vector<std::string> replies_to_server_iqs() const;
    void set_answer_pings(bool answer) { answer_pings_ = answer; }
    // Off: messages are still routed, but their senders never get the server ack.
    void set_ack_messages(bool ack) { ack_messages_ = ack; }
    // Non-empty: message acks carry this participant hash (WhatsApp's sign that the sender's device lists differ
    // from the server's).
    void set_ack_phash(std::string phash) {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        ack_phash_ = std::move(phash);
    }

    // Non-empty: routed message copies carry this id instead of the sender's (a hostile sender or server).
    void set_delivered_id(std::string id) {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        delivered_id_ = std::move(id);
    }
    // The message ids clients refused with an <ack class="message" error=...>, in order, as "ID ERROR".
    std::vector<std::string> message_nacks() const;

    const std::string phone_jid = "15551234567:7@s.whatsapp.net";  // the first companion of the default phone
    const std::string phone_lid = "915551234567:7@lid";
    static std::string lid_user(const std::string& phone) { return "9" + phone; }

private:
    struct Connection;
    struct Device {
        std::string phone;
        std::uint16_t id = 0;
        signal::PublicKey noise_key{};
        bool removed = false;
        // Keys uploaded with <iq xmlns="encrypt" type="set">: the nodes as sent, handed out in bundles.
        binary::Bytes registration, identity;
        std::optional<binary::Node> skey;
        std::vector<binary::Node> pre_keys;
    };
    void on_accept(std::shared_ptr<transport::WebSocketConnection> socket);
    void on_frame(const std::shared_ptr<Connection>& c, const transport::Bytes& frame);
    void on_payload(const std::shared_ptr<Connection>& c, const std::string& payload);
    void on_node(const std::shared_ptr<Connection>& c, const binary::Node& node);
    void on_iq(const std::shared_ptr<Connection>& c, const binary::Node& node);
    void on_message(const std::shared_ptr<Connection>& c, const binary::Node& node);
    void on_receipt(const std::shared_ptr<Connection>& c, const binary::Node& node);
    void send(const std::shared_ptr<Connection>& c, const binary::Node& node);
    void result(const std::shared_ptr<Connection>& c, const binary::Node& request,
                binary::Children content = {});
    Device* find_device(const binary::Jid& jid);
    std::shared_ptr<Connection> connection_of(const Device& device);

    asio::io_context& io_;
    noise::CertificateAuthority authority_;
    signal::KeyPair server_static_;
    std::map<std::string, signal::KeyPair> phones_;  // phone number -> the phone's identity (ADV account key)
    std::shared_ptr<transport::WebSocketServer> server_;
    std::atomic<bool> answer_pings_{true};
    std::atomic<bool> ack_messages_{true};

    mutable std::recursive_mutex mutex_;
    std::vector<std::shared_ptr<Connection>> connections_;
    std::vector<Device> devices_;
    int logins_ = 0;
    int registrations_ = 0;
    int pre_keys_ = 0;
    int messages_ = 0;
    int usyncs_ = 0;
    std::string ack_phash_;
    std::string delivered_id_;
    std::vector<std::string> message_nacks_;
    std::vector<std::string> notification_acks_;  // "device id"
    std::map<std::string, std::vector<std::string>> addressed_;
    int rotations_ = 0;
    std::vector<std::string> server_iq_replies_;
    bool device_signature_ok_ = false;
    bool removed_ = false;
    std::vector<std::string> pair_errors_;
};

}  // namespace wagw::wa::test
