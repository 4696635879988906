#pragma once
// What one WaClient event means for its session, as a plain value: the state to move to and why, a QR code to
// show or to forget, who the session is now linked as, and whether the client is finished. Pure (no I/O, no
// locks), so the sessions' state machine is tested without a connection; SessionService applies the result.
#include <cstdint>
#include <optional>
#include <string>

#include "backend/wa/client/events.hpp"
#include "common/model/session.hpp"

namespace wagw::services {

// The QR code a session shows now: the text to encode, and when it stops working (unix ms).
struct SessionQr {
    std::string qr;
    std::int64_t expires_at = 0;
};

struct LinkedAccount {
    std::string jid;    // our device JID, e.g. 15551234567:3@s.whatsapp.net; empty when unlinked
    std::string phone;  // its user part, e.g. 15551234567
};

struct SessionUpdate {
    std::optional<model::SessionState> state;  // recorded only when it differs from the current one
    std::string reason;
    std::optional<SessionQr> qr;  // a new code to show (and publish as session.qr)
    bool forget_qr = false;       // the code shown before is no use any more
    std::optional<LinkedAccount> account;
    bool stop_running = false;  // the session must not come back at boot (the link is gone)
    bool client_done = false;   // the client will not reconnect: let go of it
};

SessionUpdate update_for(const wa::client::ClientEvent& event, std::int64_t now_ms);

// "15551234567:3@s.whatsapp.net" -> "15551234567".
std::string phone_of_jid(const std::string& jid);

}  // namespace wagw::services
