#pragma once
// Who is connected: one Session per client connection (registering or logged in), indexed by connection id,
// by logged-in device and by pending pair-device ref. Owned by the simulator's strand.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "backend/wa/pairing/qr_code.hpp"
#include "tools/wasim/server/client_connection.hpp"
#include "tools/wasim/state/pairing_refs.hpp"
#include "tools/wasim/state/unacked_stanzas.hpp"

namespace wagw::wasim {

// A pair-success sent and waiting for the companion's pair-device-sign.
struct PendingPairing {
    std::string phone;
    std::uint16_t device = 0;
    std::uint32_t key_index = 0;
    std::string iq_id;
    std::string platform;
};

// A companion that asked to pair by link code (companion_hello), until pair-success.
struct LinkCodeRequest {
    std::string phone;
    std::string ref;
    Bytes wrapped_companion_ephemeral;  // 80 bytes, opened with the code the phone user types
    std::string platform;
    // Set once the phone entered the code.
    std::optional<signal::PublicKey> companion_ephemeral;
    std::optional<signal::KeyPair> primary_ephemeral;
};

struct Session {
    std::shared_ptr<ClientConnection> connection;
    ClientHello hello;
    bool logged_in = false;  // login path succeeded: `hello.phone` / `hello.device` name the device
    bool active = false;     // passive/active iq
    std::optional<PairingRefs> refs;
    std::optional<PendingPairing> pending_pairing;
    std::optional<LinkCodeRequest> link_code;
    UnackedStanzas unacked;  // delivered to this connection, not yet acknowledged
    std::uint64_t next_iq = 1;

    std::string next_iq_id() { return "wasim-" + std::to_string(next_iq++); }
};

class SessionRegistry {
public:
    Session& add(std::shared_ptr<ClientConnection> connection, ClientHello hello);
    void remove(std::uint64_t connection_id);
    Session* find(std::uint64_t connection_id);

    // Login bookkeeping: returns the session this login replaces, if the device was connected already.
    Session* device_session(const std::string& phone, std::uint16_t device);
    void bind_device(Session& session);

    void bind_refs(Session& session, PairingRefs refs);
    // The registering session that was given `ref`, if it is still connected.
    Session* session_for_ref(const std::string& ref);
    // The registering session waiting for a link code to be entered on `phone`'s phone (the newest one).
    Session* link_code_session(const std::string& phone);

    void close_all();
    // Black-holes (ClientConnection::black_hole) the logged-in connections of `phone`'s devices; how many.
    std::size_t black_hole_account(const std::string& phone);
    // Closes about `fraction` (0..1) of the logged-in connections, picked at random (fault injection).
    std::size_t drop_fraction(double fraction);

    std::size_t size() const { return sessions_.size(); }
    std::size_t logged_in_count() const { return by_device_.size(); }

private:
    std::map<std::uint64_t, Session> sessions_;
    std::map<std::pair<std::string, std::uint16_t>, std::uint64_t> by_device_;
    std::map<std::string, std::uint64_t> by_ref_;
};

}  // namespace wagw::wasim
