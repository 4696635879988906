#pragma once
// A session: one named, linked WhatsApp account the gateway drives. The REST API, the events and the browser
// app all speak of sessions through these types. Times are unix milliseconds, as in the event envelope.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/util/result.hpp"

namespace wagw::model {

enum class SessionState {
    stopped,       // not running (never started, or stopped on request)
    starting,      // a client is being set up and connects
    scan_qr,       // not linked yet: a QR code is waiting to be scanned
    pairing_code,  // not linked yet: a link code is waiting to be typed on the phone
    connecting,    // linked, logging in
    connected,     // logged in: messages flow
    reconnecting,  // the connection dropped; the client retries by itself
    logged_out,    // the link is gone (phone removed it, or logout): a new scan is needed
    failed,        // stopped by an error that a retry will not fix by itself (see state_reason)
};

std::string_view state_name(SessionState state);
std::optional<SessionState> state_from_name(std::string_view name);
// The states in which a WhatsApp client runs for the session.
bool is_running_state(SessionState state);

struct Session {
    std::string id;  // "ses_" + 16 random hex digits
    std::string name;
    SessionState state = SessionState::stopped;
    std::string state_reason;
    bool desired_running = false;  // started and not stopped since: comes back at boot
    std::string jid;               // our device JID once linked, e.g. 15551234567:3@s.whatsapp.net
    std::string phone;             // the account's phone number (digits), once linked
    std::string push_name;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;

    bool operator==(const Session&) const = default;
};

struct SessionTransition {
    std::int64_t at_ms = 0;
    SessionState state = SessionState::stopped;
    std::string reason;

    bool operator==(const SessionTransition&) const = default;
};

nlohmann::json to_json(const Session& session);
Result<Session> session_from_json(const nlohmann::json& json);
nlohmann::json to_json(const SessionTransition& transition);

// A session name: 1 to 64 characters, no control characters, not only spaces. Error code "invalid_field".
Status check_session_name(std::string_view name);

// Event types published for sessions on /api/events.
inline constexpr const char* kSessionStateEvent = "session.state";  // data: the session (as to_json)
inline constexpr const char* kSessionQrEvent = "session.qr";        // data: {"session","qr","expires_at"}
// data: {"session","code","phone","expires_at"}
inline constexpr const char* kSessionPairingCodeEvent = "session.pairing_code";

}  // namespace wagw::model
