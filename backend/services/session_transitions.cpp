#include "backend/services/session_transitions.hpp"

namespace wagw::services {
namespace {

namespace client = wa::client;
using model::SessionState;

std::string describe(const client::DisconnectReason& reason) {
    std::string text(client::kind_name(reason.kind));
    if (!reason.message.empty()) text += ": " + reason.message;
    return text;
}

}  // namespace

std::string phone_of_jid(const std::string& jid) {
    return jid.substr(0, jid.find_first_of(":@"));
}

SessionUpdate update_for(const client::ClientEvent& event, std::int64_t now_ms) {
    SessionUpdate update;
    if (const auto* qr = std::get_if<client::QrCode>(&event)) {
        update.state = SessionState::scan_qr;
        update.reason = "waiting for a QR scan";
        update.qr = SessionQr{qr->code, now_ms + qr->valid_for_ms};
    } else if (std::holds_alternative<client::LinkCode>(event)) {
        update.state = SessionState::pairing_code;
        update.reason = "waiting for the link code to be entered on the phone";
    } else if (const auto* paired = std::get_if<client::PairSuccess>(&event)) {
        update.state = SessionState::connecting;
        update.reason = "paired with the phone (" + paired->platform + ")";
        update.forget_qr = true;
        update.account = LinkedAccount{paired->jid, phone_of_jid(paired->jid)};
    } else if (const auto* refused = std::get_if<client::PairError>(&event)) {
        update.state = SessionState::failed;
        update.reason = "pairing failed: " + refused->message;
    } else if (const auto* connected = std::get_if<client::Connected>(&event)) {
        update.state = SessionState::connected;
        update.reason = "logged in";
        update.forget_qr = true;
        update.account = LinkedAccount{connected->jid, phone_of_jid(connected->jid)};
    } else if (std::holds_alternative<client::QrTimeout>(event)) {
        update.state = SessionState::failed;
        update.reason = "no QR code was scanned in time; start the session again";
        update.forget_qr = true;
        update.client_done = true;
    } else if (const auto* down = std::get_if<client::Disconnected>(&event)) {
        // A stop we asked for was recorded when we asked; the client's own report of it changes nothing.
        if (down->reason.kind == client::DisconnectKind::user_request) return update;
        if (down->will_reconnect) {
            // The client's keepalive counts unanswered pings, so a connection that went silent ends up here
            // too: a session never shows "connected" over a dead link for long.
            update.state = SessionState::reconnecting;
            update.reason =
                describe(down->reason) + "; retrying in " + std::to_string(down->retry_in_ms) + " ms";
        } else {
            update.state = SessionState::failed;
            update.reason = describe(down->reason);
            update.client_done = true;
        }
    } else if (const auto* gone = std::get_if<client::LoggedOut>(&event)) {
        update.state = SessionState::logged_out;
        update.reason = describe(gone->reason);
        update.forget_qr = true;
        update.account = LinkedAccount{};
        update.stop_running = true;
        update.client_done = true;
    }
    return update;
}

}  // namespace wagw::services
