#pragma once
// Why a connection ended, from the server's <stream:error> / <failure> stanzas or the transport, mapped to
// one kind the owner can act on (protocol notes §6 "Stream errors and failures").
#include <string>
#include <string_view>

#include "backend/wa/binary/node.hpp"

namespace wagw::wa::client {

enum class DisconnectKind {
    restart_required,  // 515: reconnect at once (after pairing)
    logged_out,        // 401 / device_removed / 403 / 406: credentials are dead, wipe them
    replaced,          // conflict type="replaced": another connection took over (Baileys 440); no retry
    banned,            // 402 temporary ban
    client_outdated,   // 405
    bad_user_agent,    // 409
    server_error,      // 5xx, 503 going away: retry with backoff
    server_closed,     // <xmlstreamend/>
    connection_lost,   // transport dropped, keepalive timed out, Noise failure
    handshake_failed,  // Noise/certificate failure: no retry (a retry cannot fix a bad chain)
    qr_timeout,        // every QR ref expired
    user_request,      // disconnect() or logout()
    unknown_stream_error,
};

struct DisconnectReason {
    DisconnectKind kind = DisconnectKind::connection_lost;
    std::string code;     // the server's code or reason attribute, "" when none
    std::string message;  // for people and logs

    bool should_reconnect() const;
    bool wipes_credentials() const { return kind == DisconnectKind::logged_out; }
};

std::string_view kind_name(DisconnectKind kind);

// <stream:error code=".."><conflict type=".."/>...</stream:error>
DisconnectReason reason_from_stream_error(const binary::Node& node);
// <failure reason=".." [code= expire=]/>
DisconnectReason reason_from_failure(const binary::Node& node);

}  // namespace wagw::wa::client
