#pragma once
// N WaClients in one process on one shared io_context, as the gateway holds its linked accounts: each with
// its own data folder (clients/NNNN/client.db) and its own virtual phone on wasim. The benchmark's main
// thread drives the phases; clients report from their strands through atomics and a PhaseTally.
#include <asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "backend/store/secret_box.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "tools/bench/admin_http.hpp"
#include "tools/bench/phase_tally.hpp"

namespace wagw::bench {

struct FleetOptions {
    std::filesystem::path data_root;
    std::string server_url;  // ws://HOST:PORT/ws/chat of a --plain wasim
    wa::noise::TrustRoot trust_root;
    AdminEndpoint admin;
    std::shared_ptr<const store::SecretBox> secret_box;  // one master key for all, as in the gateway
    std::uint32_t initial_pre_keys = 812;                // the product's first upload
    std::string phone_prefix = "1777";                   // phones are prefix + 7 digits
};

struct MessageOutcome {
    PhaseOutcome acks;
    std::vector<double>
        first_latencies_ms;  // each sender's first message: usync, bundles, new Signal sessions
    std::vector<double> later_latencies_ms;  // the rest, on established sessions
    // Rates of the two parts: the first round (every sender's first message) from the start to its last ack,
    // and the rest from its first send to its last ack (the parts overlap a little at the seam).
    double first_round_per_second = 0, later_per_second = 0;
};

class ClientFleet {
public:
    ClientFleet(asio::io_context& io, FleetOptions options, std::size_t count);
    ~ClientFleet();
    ClientFleet(const ClientFleet&) = delete;
    ClientFleet& operator=(const ClientFleet&) = delete;

    std::size_t size() const { return members_.size(); }

    // An account per client on wasim, then each client's QR scanned by its phone, pairing and the first login
    // (with the pre-key upload), at most `parallel` at a time.
    PhaseOutcome link_all(std::size_t parallel, std::chrono::seconds timeout);
    // stop() on every client, waits for their Disconnected{user_request}, then destroys them.
    PhaseOutcome stop_all(std::chrono::seconds timeout);
    // Creates every client again from its database (SQLite, device, Signal identity; no network).
    PhaseOutcome open_all();
    // Starts every opened client (login with stored credentials), at most `parallel` logging in at a time.
    PhaseOutcome login_all(std::size_t parallel, std::chrono::seconds timeout);
    // `total` texts, sender k % N to the phone number of client (k + 1) % N, at most `in_flight` waiting for
    // their server ack; latencies from send() to the ack.
    MessageOutcome send_messages(std::size_t total, std::size_t in_flight, std::chrono::seconds timeout);
    // Waits until the recipients decrypted `count` messages in all; returns how many they have.
    std::size_t wait_received(std::size_t count, std::chrono::seconds timeout);

    std::size_t unexpected_disconnects() const { return unexpected_disconnects_; }
    std::size_t undecryptable() const { return undecryptable_; }
    std::size_t other_received() const { return other_received_; }  // messages the benchmark did not send

private:
    struct Member;
    Result<std::shared_ptr<wa::client::WaClient>> open_client(Member& member);
    void on_event(Member& member, const wa::client::ClientEvent& event);
    void report(Member& member, const Status& outcome);
    PhaseOutcome run_starts(std::size_t parallel, std::chrono::seconds timeout, bool create_accounts);

    asio::io_context& io_;
    FleetOptions options_;
    std::vector<std::unique_ptr<Member>> members_;
    PhaseTally tally_;
    std::atomic<std::uint64_t> phase_{0};  // the tally phase clients report into
    std::atomic<std::size_t> received_{0}, other_received_{0}, undecryptable_{0}, unexpected_disconnects_{0};
};

}  // namespace wagw::bench
