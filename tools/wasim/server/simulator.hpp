#pragma once
// wasim's runtime: one listener (WhatsApp WebSocket at /ws/chat, control API under /admin/), the Noise identity
// and certificate chain, and the simulator state, all owned by one strand. Connections and the control API
// reach the state only by posting to that strand. Embeddable: the gateway's demo mode starts one on its own
// io_context.
//
//   auto sim = Simulator::start(io, options);        // listening when this returns
//   (*sim)->port(); (*sim)->root_public_key();
//   (*sim)->post([](SimulatorContext& c) { ... });  // run on the simulator strand
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/util/result.hpp"
#include "backend/wa/transport/websocket_server.hpp"
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

struct SimulatorOptions {
    std::string bind_address = "127.0.0.1";
    std::uint16_t port = 0;  // 0: any free port
    bool plain = false;      // ws:// and http:// instead of wss:// and https://
    std::optional<wa::transport::TlsCredentials> tls;  // when not plain and not set: a fresh self-signed one
    std::string data_dir;    // empty: everything in memory
    // Non-empty: every account the mock-phone hook creates starts as the owner and only member of a group with
    // this subject (Baileys' e2e suite looks for one named "Baileys Group Test").
    std::string starter_group_subject;
    // How groups created from now on address their members (--group-addressing; groups keep theirs).
    GroupAddressing group_addressing = GroupAddressing::Lid;
    // Non-empty: every control-API request (/admin/...) needs "Authorization: Bearer admin_token" (wasim
    // --admin-token; the gateway's demo sets a random one). Empty: open, for the test simulator on loopback.
    std::string admin_token;
};

class AccountStore;
class GroupStore;
class PhoneKeyring;

class Simulator : public std::enable_shared_from_this<Simulator> {
public:
    static Result<std::shared_ptr<Simulator>> start(asio::io_context& io, SimulatorOptions options);
    ~Simulator();

    std::uint16_t port() const;
    std::string websocket_url() const;
    const signal::PublicKey& root_public_key() const { return root_public_key_; }
    // The TLS certificate in use (PEM), for clients that pin it; empty with --plain.
    const std::string& certificate_pem() const { return certificate_pem_; }
    const TrafficStats& stats() const { return stats_; }
    // What the control API wants as "Authorization: Bearer ..."; empty when it is open.
    const std::string& admin_token() const { return options_.admin_token; }

    // Runs `work` on the simulator's strand. An exception from `work` is logged and goes no further: in
    // --demo the strand runs on the gateway's io_context, which an exception would end.
    void post(std::function<void(SimulatorContext&)> work);
    // Runs `work` on the simulator's strand after `delay`.
    void post_after(std::chrono::milliseconds delay, std::function<void(SimulatorContext&)> work);
    // Re-arms the once-a-second fault ticker after the fault plan changed (simulator strand only).
    void on_faults_changed();
    // Stops listening and closes every connection.
    void stop();

private:
    class Sink;
    explicit Simulator(asio::io_context& io);

    asio::io_context& io_;
    wa::transport::Strand strand_;
    SimulatorOptions options_;
    AccountDirectory accounts_;
    SessionRegistry sessions_;
    TrafficStats stats_;
    OfflineQueue offline_;
    PhoneInbox phone_inbox_;
    MediaStore media_;
    FaultPlan faults_;
    GroupDirectory groups_;
    std::unique_ptr<asio::steady_timer> fault_timer_;  // strand only: the drop-a-fraction ticker
    std::unique_ptr<AccountStore> store_;
    std::unique_ptr<GroupStore> group_store_;
    std::unique_ptr<PhoneKeyring> phone_keyring_;
    SimulatorContext context_;
    signal::PublicKey root_public_key_{};
    std::string certificate_pem_;
    std::shared_ptr<Sink> sink_;
    std::shared_ptr<wa::transport::WebSocketServer> server_;
};

}  // namespace wagw::wasim
