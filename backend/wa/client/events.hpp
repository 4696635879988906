#pragma once
// What a WaClient tells its owner: plain structs, one per thing that happened, delivered in order on the
// client's strand. The gateway maps them to its own events; the command-line driver prints them as JSON
// lines.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "backend/wa/client/disconnect_reason.hpp"
#include "backend/wa/message/content.hpp"

namespace wagw::wa::client {

// A QR code to show to the phone. `code` is the full string to encode; it stops working after `valid_for_ms`,
// when the next one (if any) is emitted.
struct QrCode {
    std::string code;
    int index = 0;  // 0 for the first ref of this connection
    std::int64_t valid_for_ms = 0;
};

// Link-code pairing: type this code (8 characters, shown as XXXX-XXXX) on the phone under Linked devices.
struct LinkCode {
    std::string code;
};

// Every QR ref ran out without a scan; the client disconnects and does not retry by itself.
struct QrTimeout {};

// The phone scanned the QR and the pairing was verified and answered; a restart (515) and login follow.
struct PairSuccess {
    std::string jid;  // our new device JID, e.g. 15551234567:3@s.whatsapp.net
    std::string lid;
    std::string platform;  // the phone's platform as the server names it
};

// pair-success failed verification (HMAC, signatures) or could not be stored; the client answered with an
// error and stays unpaired.
struct PairError {
    std::string code;
    std::string message;
};

// Logged in with stored credentials and active: messages can flow.
struct Connected {
    std::string jid;
    std::string lid;
};

// The server finished delivering what was queued while we were offline.
struct OfflineSyncCompleted {
    int count = 0;
};

// Pre-keys were uploaded to the server.
struct PreKeysUploaded {
    int count = 0;
};

// A new signed pre-key was generated and accepted by the server.
struct SignedPreKeyRotated {
    std::uint32_t id = 0;
};

// The link is gone (we logged out, the phone removed us, or the server refuses the credentials); the device
// store has been wiped and a new `link` is needed.
struct LoggedOut {
    DisconnectReason reason;
};

// The connection dropped. When `will_reconnect` is true the client tries again after `retry_in_ms`.
struct Disconnected {
    DisconnectReason reason;
    bool will_reconnect = false;
    std::int64_t retry_in_ms = 0;
};

// A message decrypted and acknowledged (receipt sent). `from_me` marks a copy of a message one of our
// own other devices sent to `chat`.
struct MessageReceived {
    std::string id;
    std::string chat;           // the other party (user JID), or for from_me the chat it went to
    std::string sender_device;  // the device that sent it
    std::string push_name;
    std::int64_t timestamp = 0;
    std::string kind;  // "text", "image", ... (message::content_kind)
    std::string text;  // for kind "text"
    bool from_me = false;
    // What the message says, typed: media (download it with WaClient::download_media), location, contact card,
    // reaction/edit/revoke (pointing at their target), poll, ...
    message::Content content;
};

// A message that could not be decrypted. When `retry_count` > 0 a retry receipt (that many so far) asked the
// sender to encrypt it again; a MessageReceived with the same id follows when that works.
struct MessageUndecryptable {
    std::string id;
    std::string sender_device;
    std::string error;
    int retry_count = 0;
};

// A peer device could not decrypt a message we sent and asked again (a retry receipt): we re-encrypted it for
// that device only, with the same id (attempt `count`).
struct MessageResent {
    std::string id;
    std::string device;
    int count = 0;
};

// A contact's availability (after subscribe_presence): online now, or offline since `last_seen` (unix seconds;
// 0 when the contact hides it).
struct PresenceChanged {
    std::string from;  // user JID
    bool available = false;
    std::int64_t last_seen = 0;
};

// Someone is typing or recording in a chat with us, or stopped.
struct ChatStateChanged {
    std::string chat;    // the user, or the group
    std::string sender;  // the user typing (in groups: the participant)
    std::string state;   // "composing", "recording" (composing media="audio") or "paused"
};

// A group's subject or description changed (a w:gp2 notification); unchanged fields stay empty/unset.
struct GroupInfoChanged {
    std::string group;
    std::string author;
    std::optional<std::string> subject;
    std::optional<std::string> description;  // "" when it was removed
};

// A receipt for a message we sent ("delivered", "read", ...).
struct ReceiptReceived {
    std::vector<std::string> ids;
    std::string from;
    std::string type;
};

// Members were added to, removed from, promoted or demoted in a group we are in (a w:gp2 notification).
struct GroupParticipantsChanged {
    std::string group;
    std::string author;
    std::string action;  // "add", "remove", "promote", "demote"
    std::vector<std::string> members;
};

using ClientEvent = std::variant<QrCode, LinkCode, QrTimeout, PairSuccess, PairError, Connected, OfflineSyncCompleted,
                                 PreKeysUploaded, SignedPreKeyRotated, LoggedOut, Disconnected,
                                 MessageReceived, MessageUndecryptable, ReceiptReceived, GroupParticipantsChanged,
                                 MessageResent, PresenceChanged, ChatStateChanged, GroupInfoChanged>;
using EventHandler = std::function<void(const ClientEvent&)>;

// One JSON object per event ({"event":"qr",...}), for the command-line driver and logs. No key material.
std::string to_json(const ClientEvent& event);

}  // namespace wagw::wa::client
