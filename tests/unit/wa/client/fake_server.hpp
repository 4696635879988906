#pragma once
// A scripted WhatsApp server for the client's tests: real transport, real Noise responder with a certificate
// chain from a test root, real ADV signing by a "phone"; just enough server logic for pairing, login,
// pre-keys, pings and logout. Runs on the caller's io_context (one thread), state behind one mutex.
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

    // The phone scans a QR string shown by the client: pair-success goes to the registering connection.
    // `tamper` breaks the HMAC (a wrong ADV secret), to see the client refuse it.
    void scan(const std::string& qr, bool tamper = false);
    // Sends a node to every open connection.
    void push(const binary::Node& node);

    // What the server saw (copies, under the lock).
    int logins() const;
    int registrations() const;
    int pre_keys_uploaded() const;
    bool device_signature_verified() const;
    std::vector<std::string> pair_errors() const;
    bool removed_companion() const;
    void set_answer_pings(bool answer) { answer_pings_ = answer; }

    const std::string phone_jid = "15551234567:7@s.whatsapp.net";
    const std::string phone_lid = "123456789012345:7@lid";

private:
    struct Connection;
    void on_accept(std::shared_ptr<transport::WebSocketConnection> socket);
    void on_frame(const std::shared_ptr<Connection>& c, const transport::Bytes& frame);
    void on_payload(const std::shared_ptr<Connection>& c, const std::string& payload);
    void on_node(const std::shared_ptr<Connection>& c, const binary::Node& node);
    void send(const std::shared_ptr<Connection>& c, const binary::Node& node);
    void result(const std::shared_ptr<Connection>& c, const binary::Node& request, binary::Children content = {});

    asio::io_context& io_;
    noise::CertificateAuthority authority_;
    signal::KeyPair server_static_;
    signal::KeyPair phone_identity_;
    std::shared_ptr<transport::WebSocketServer> server_;
    std::atomic<bool> answer_pings_{true};

    mutable std::recursive_mutex mutex_;
    std::vector<std::shared_ptr<Connection>> connections_;
    std::optional<signal::PublicKey> paired_noise_key_;  // the linked companion's Noise static key
    signal::PublicKey companion_identity_{};
    int logins_ = 0;
    int registrations_ = 0;
    int pre_keys_ = 0;
    bool device_signature_ok_ = false;
    bool removed_ = false;
    std::vector<std::string> pair_errors_;
    std::string pair_success_id_;
};

}  // namespace wagw::wa::test
