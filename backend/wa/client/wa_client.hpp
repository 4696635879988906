#pragma once
// One linked WhatsApp account as a companion device. Many clients share one asio io_context (and its few
// threads); each client's state is touched only on its own strand, so no locks guard it. The owner drives it
// with start()/stop()/logout() from any thread and receives typed events (events.hpp) on the strand.
//
//   auto client = WaClient::create(io, {.database_file = "client.db", .secret_box = box, .account = "main",
//                                       .server_url = ..., .trust_root = ...}, on_event);
//   (*client)->start();   // linked: logs in; not linked: registers and emits QrCode events until scanned
//
// Lifecycle per connection: WebSocket -> Noise XX (ClientPayload inside) -> binary nodes. Drops reconnect by
// themselves with exponential backoff and jitter unless the reason forbids it (logged out, replaced, banned,
// outdated) or stop() was called. One file per protocol feature: connection.cpp, dispatch.cpp, iq.cpp,
// pairing.cpp, login.cpp, prekeys.cpp, keepalive.cpp, logout.cpp.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "backend/store/database.hpp"
#include "backend/store/secret_box.hpp"
#include "backend/wa/binary/node.hpp"
#include "backend/wa/client/backoff.hpp"
#include "backend/wa/client/client_payload.hpp"
#include "backend/wa/client/device_cache.hpp"
#include "backend/wa/client/device_store.hpp"
#include "backend/wa/client/events.hpp"
#include "backend/wa/client/iq_tracker.hpp"
#include "backend/wa/client/message_log.hpp"
#include "backend/wa/client/sender_key_memory.hpp"
#include "backend/wa/media/media_keys.hpp"
#include "backend/wa/message/content.hpp"
#include "backend/wa/noise/initiator.hpp"
#include "backend/wa/signal/signal_account.hpp"
#include "backend/wa/stanza/group_stanza.hpp"
#include "backend/wa/stanza/message_stanza.hpp"
#include "backend/wa/stanza/presence_stanza.hpp"
#include "backend/wa/transport/frame_codec.hpp"
#include "backend/wa/transport/websocket_client.hpp"

namespace wagw::wa::client {

struct WaClientOptions {
    std::filesystem::path database_file;  // this client's own SQLite connection (WAL; may be shared)
    std::shared_ptr<const store::SecretBox> secret_box;
    std::string account = "default";  // the gateway's name for the link; a key in the database

    std::string server_url = transport::kWhatsAppWebSocketUrl;
    noise::TrustRoot trust_root;  // WhatsApp's root unless testing against a simulator
    transport::TlsClientOptions tls;
    PayloadOptions payload;

    std::chrono::milliseconds iq_timeout{20000};
    std::chrono::milliseconds handshake_timeout{20000};
    // A ping every keepalive_min..max (random, like whatsmeow); after this many unanswered pings the
    // connection counts as dead and is replaced.
    std::chrono::milliseconds keepalive_min{20000};
    std::chrono::milliseconds keepalive_max{30000};
    int max_missed_pings = 2;
    BackoffPolicy backoff;
    // How long the QR of the n-th ref stays up (60 s, then 20 s each); tests shorten it.
    std::function<std::chrono::milliseconds(int)> qr_validity;
    // Set (a phone number) to pair by link code instead of QR: a LinkCode event carries the 8 characters to
    // type on that phone.
    std::string link_code_phone;

    // Pre-keys: the first upload, and top-ups when the server holds fewer than the threshold.
    std::uint32_t initial_pre_keys = 812;
    std::uint32_t top_up_pre_keys = 50;
    std::uint32_t min_pre_keys = 5;
    // A new signed pre-key replaces the one on the server when it is older than this.
    std::chrono::seconds signed_pre_key_max_age{std::chrono::hours(24 * 7)};

    // Device lists from usync are reused for this long (Baileys: 5 minutes), for at most this many users, so
    // repeated sends to the same people need no round trip; a devices notification, a device the list lacks or a
    // new login drops them sooner. 0 asks the server before every send.
    std::chrono::milliseconds device_cache_ttl{std::chrono::minutes(5)};
    std::size_t device_cache_max_users = 5000;
    DeviceCache::Clock device_cache_clock;  // steady_clock unless a test moves time itself
};

class WaClient : public std::enable_shared_from_this<WaClient> {
public:
    // Opens the database, applies migrations and loads (or creates) the device. No network yet.
    // `on_event` runs on the client's strand and may still run after stop() (the final Disconnected) until
    // the io_context stops: what it captures must live that long.
    static Result<std::shared_ptr<WaClient>> create(asio::io_context& io, WaClientOptions options,
                                                    EventHandler on_event);
    ~WaClient();

    // Connects (and keeps reconnecting) until stop(). Safe from any thread.
    void start();
    // Closes the connection and stops reconnecting; emits Disconnected{user_request}.
    void stop();
    // Unlinks this device (remove-companion-device), wipes its credentials, emits LoggedOut; `done` gets the
    // outcome of telling the server (the local wipe happens either way).
    void logout(std::function<void(Status)> done = {});

    // Sends an iq and calls `done` with the reply (or iq_error / iq_timeout / disconnected), on the strand.
    // The id attribute is filled in. For features built on top of the client.
    void send_iq(binary::Node iq, IqCallback done);

    // Sends a text to a user (a phone number or a user JID) and all its devices, with copies to our own
    // other devices; `done` gets the message id once the server acknowledged it (or an error). Accepted while
    // the client runs, connected or not: a message waits for the next login, and one the server has not
    // acknowledged when a connection drops is sent again, unchanged and with the same id, after the next
    // login. It fails only when the client stops (stop(), logout, a final disconnect) or the send is refused.
    struct SentMessage {
        std::string id;
        std::int64_t timestamp = 0;
    };
    using SentCallback = std::function<void(Result<SentMessage>)>;
    void send_text(std::string to, std::string text, SentCallback done);
    // Sends any kind of message (text with reply/mentions/link, media already uploaded, location, contact card,
    // reaction, edit, revoke, poll) the same way: one Signal copy per device, device-sent copies to our own.
    // Reactions, edits and revokes point at their target through message::MessageRef.
    // `id`: the WhatsApp message id to use, chosen by the caller when it accepted the message (the gateway's
    // outbox stores it first, so a resend after a crash is the same message to the receiver); it must pass
    // stanza::is_outgoing_message_id (else the send fails with bad_message_id). Empty: a new id is made here.
    void send(std::string to, message::Content content, SentCallback done, std::string id = {});

    // A file to send as media: encrypted under a fresh media key, uploaded to a host media_conn names, then
    // sent as `kind` with the url, direct path, key and hashes filled in.
    struct MediaFile {
        media::MediaKind kind = media::MediaKind::Image;
        std::vector<std::uint8_t> bytes;
        std::string mimetype;
        std::string caption;
        std::string file_name;   // documents
        bool voice_note = false;  // audio as a push-to-talk note
        std::uint32_t seconds = 0, width = 0, height = 0;
        std::optional<message::Reply> reply;
    };
    void send_media(std::string to, MediaFile file, SentCallback done, std::string id = {});
    // Encrypts and uploads only; `done` gets the Media fields a message needs (for callers that build their own).
    void upload_media(MediaFile file, std::function<void(Result<message::Media>)> done);
    // Downloads and decrypts the file a received Media points at, checking the encrypted hash, the MAC and the
    // plaintext hash (errors media_hash_mismatch / media_mac_mismatch / media_corrupt, or the HTTP failure).
    void download_media(message::Media media, std::function<void(Result<std::vector<std::uint8_t>>)> done);

    // Groups (groups.cpp). Members and groups are phone numbers or JIDs; results come on the strand.
    using GroupCallback = std::function<void(Result<stanza::GroupInfo>)>;
    void create_group(std::string subject, std::vector<std::string> members, GroupCallback done);
    void group_info(std::string group, GroupCallback done);
    void joined_groups(std::function<void(Result<std::vector<stanza::GroupInfo>>)> done);
    void update_group_participants(std::string group, stanza::ParticipantAction action,
                                   std::vector<std::string> members,
                                   std::function<void(Result<std::vector<stanza::ParticipantResult>>)> done);
    void leave_group(std::string group, std::function<void(Status)> done);
    // The group's subject, or its description (empty: removed); members see GroupInfoChanged.
    void set_group_subject(std::string group, std::string subject, std::function<void(Status)> done);
    void set_group_description(std::string group, std::string description, std::function<void(Status)> done);

    // Which phone numbers have WhatsApp (usync contact query).
    struct OnWhatsApp {
        std::string phone;
        std::string jid;
        bool registered = false;
        std::string push_name;  // the name the contact last showed us, when a message of theirs arrived
    };
    void is_on_whatsapp(std::vector<std::string> phones, std::function<void(Result<std::vector<OnWhatsApp>>)> done);

    // Presence and chat states (presence.cpp).
    void set_presence(stanza::Availability availability, std::function<void(Status)> done = {});
    void send_chat_state(std::string to, stanza::ChatActivity activity, std::function<void(Status)> done = {});
    // Incoming presence and chat states arrive as PresenceChanged / ChatStateChanged events.
    // Asks the server for `to`'s presence: PresenceChanged events follow (now, and whenever it changes).
    void subscribe_presence(std::string to, std::function<void(Status)> done = {});

    // Tells `chat`'s sender that we read these messages (a read receipt for their ids, oldest first).
    // `sender_device` is the device JID the messages came from (MessageReceived::sender_device).
    void mark_read(std::string sender_device, std::vector<std::string> ids,
                   std::function<void(Status)> done = {});

    // A snapshot for status pages; reads strand state, so call it on the strand or when nothing runs.
    bool linked() const { return device_.linked(); }
    const std::string& own_jid() const { return device_.jid; }
    // The push name a contact (a PN or LID user, e.g. "4915550001") last showed in a message; empty if none.
    std::string push_name_of(const std::string& user) const;
    // Stanzas (messages, receipts) refused because an id they carried is not a valid message id
    // (stanza::is_valid_message_id): a sign of a hostile peer. Safe from any thread.
    std::uint64_t refused_message_ids() const { return refused_message_ids_.load(); }

private:
    enum class Phase { idle, connecting, handshaking, open };

    WaClient(asio::io_context& io, WaClientOptions options, EventHandler on_event);
    Status load_device();
    void emit(ClientEvent event);

    // connection.cpp
    void open_connection();
    void on_socket_ready(std::uint64_t generation,
                         Result<std::shared_ptr<transport::WebSocketConnection>> socket);
    void on_socket_message(std::uint64_t generation, transport::Bytes message);
    void on_socket_closed(std::uint64_t generation, const transport::CloseEvent& event);
    void on_frame(transport::Bytes frame);
    void on_server_hello(const transport::Bytes& frame);
    Status send_frame(const transport::Bytes& payload);
    Status send_node(const binary::Node& node);
    // Ends the current connection for `reason`; reconnects, wipes or stays down as the reason says.
    void end_connection(DisconnectReason reason);
    void schedule_reconnect(std::chrono::milliseconds delay);

    // dispatch.cpp
    void dispatch(const binary::Node& node);
    void on_server_iq(const binary::Node& iq);
    void on_ib(const binary::Node& ib);
    void on_notification(const binary::Node& notification);
    // `error` non-empty: a nack (the stanza was refused, the server need not deliver it again).
    void send_ack(const binary::Node& stanza, const std::string& ack_class, const std::string& error = "");
    // presence.cpp
    void on_presence(const binary::Node& node);
    void on_chat_state(const binary::Node& node);

    // iq.cpp
    void arm_iq_timer();
    void reply_iq_result(const binary::Node& request, binary::Children content = {});
    void reply_iq_error(const binary::Node& request, const std::string& code, const std::string& text);

    // pairing.cpp
    void on_pair_device(const binary::Node& iq, const binary::Node& pair_device);
    void show_next_qr();
    void on_pair_success(const binary::Node& iq, const binary::Node& pair_success);

    // link_code.cpp
    void start_link_code();
    void on_link_code_notification(const binary::Node& notification);

    // login.cpp
    void on_login_success(const binary::Node& success);
    void set_active();

    // prekeys.cpp
    void check_pre_keys(std::function<void()> then);
    void upload_pre_keys(std::uint32_t count, std::function<void()> then);
    void rotate_signed_pre_key_if_old(std::function<void()> then);

    // keepalive.cpp
    void arm_keepalive();
    void send_keepalive();

    // usync.cpp: device lists (UserDevices, device_cache.hpp) for `users`, from device_cache_ while fresh; the
    // rest in one usync, whose answers are cached.
    using DevicesCallback = std::function<void(Result<std::vector<UserDevices>>)>;
    void query_devices(std::vector<binary::Jid> users, DevicesCallback done);
    // <notification type="devices">: the cached lists of the users it names are dropped.
    void on_devices_notification(const binary::Node& notification);
    // `device` showed up (a message, a retry receipt): if its user's cached list lacks it, the list is dropped.
    void forget_stale_devices(const binary::Jid& device);

    // send.cpp
    struct Recipient {
        binary::Jid device;       // wire form, as the server routes it
        signal::Address address;  // Signal session key (LID when known)
        bool own = false;         // one of our own other devices: gets the device-sent copy
    };
    void fetch_missing_sessions(std::vector<Recipient> recipients, std::function<void(Status)> done) {
        fetch_sessions(std::move(recipients), false, std::move(done));
    }
    // Pre-key bundles -> new sessions, for the recipients without one (or for all of them when `force`).
    void fetch_sessions(std::vector<Recipient> recipients, bool force, std::function<void(Status)> done);
    // The encoded message and the stanza attributes its kind needs.
    struct OutgoingContent {
        std::string id;  // fixed when send() accepted the message, reused by every attempt
        std::vector<std::uint8_t> message;
        std::string type;  // "text", "media", "reaction", "poll"
        std::string edit;  // "1" edit, "7" revoke, else empty
    };
    void encrypt_and_send(const binary::Jid& chat, const std::vector<Recipient>& recipients,
                          const OutgoingContent& outgoing, SentCallback done);
    static Result<OutgoingContent> outgoing_content(const message::Content& content);

    // send_queue.cpp: sends survive reconnects. A send waits for a login while there is no connection; a
    // stanza the server has not acknowledged is sent again, unchanged, after the next login.
    struct QueuedSend {
        std::string id;
        std::string to;
        message::Content content;
        SentCallback done;
    };
    struct UnackedMessage {
        std::string id;
        binary::Node stanza;
        SentCallback done;
    };
    static constexpr std::size_t kMaxPendingSends = 10000;
    void queue_send(QueuedSend job);
    void run_send(QueuedSend job);  // send.cpp
    void send_and_await_ack(const stanza::OutgoingMessage& outgoing, SentCallback done);
    void transmit(const UnackedMessage& message);
    void on_message_ack(const std::string& id, Result<binary::Node> ack);
    void resume_sends();
    void fail_sends(const Error& why);

    // send_group.cpp: sender-key distribution to every member device, then one skmsg for all.
    void send_group(const binary::Jid& group, OutgoingContent outgoing, SentCallback done);
    Result<signal::Address> own_sender_key_address();
    // A member left or was removed: our sender key for the group is dropped, so the next send makes a new one and
    // gives it to the remaining members only (the removed one can no longer read what we send).
    void rotate_sender_key(const std::string& group);
    // groups.cpp
    void send_group_iq(binary::Node iq, IqCallback done);
    void on_group_notification(const binary::Node& notification);
    // receive.cpp
    void on_group_message(const binary::Node& node, const stanza::DeliveredMessage& delivered);

    // media_upload.cpp
    struct MediaConn {
        std::string auth;
        std::vector<std::string> hosts;
    };
    void query_media_conn(std::function<void(Result<MediaConn>)> done);
    Result<signal::Address> session_address(const binary::Jid& device);
    void learn_lid(const std::string& pn_user, const binary::Jid& lid);
    // usync.cpp: one usync query (`protocols` such as <devices/>, <lid/>, <contact/>) for `users`; `done` gets
    // the reply's <user> entries (bad_usync_reply when it has none).
    void send_usync(std::string_view context, binary::Children protocols, binary::Children users,
                    std::function<void(Result<std::vector<binary::Node>>)> done);
    void remember_push_name(const binary::Jid& sender, const std::optional<binary::Jid>& sender_pn,
                            const std::string& push_name);

    // receive.cpp
    std::string dedup_chat_key(const binary::Jid& from, const std::optional<binary::Jid>& recipient);
    void on_message(const binary::Node& node);
    void on_receipt(const binary::Node& node);
    void on_ack(const binary::Node& node);

    // retry.cpp
    // Asks the sender of an undecryptable message to send it again; false when we gave up on it.
    bool request_retry(const stanza::DeliveredMessage& delivered, const binary::Jid& sender, const std::string& why);
    void on_retry_receipt(const binary::Node& node);

    // logout.cpp
    void finish_logout(DisconnectReason reason);

    asio::io_context& io_;
    transport::Strand strand_;
    WaClientOptions options_;
    EventHandler on_event_;

    // Storage: this client's own connection to the database.
    std::unique_ptr<store::Database> db_;
    std::optional<DeviceStore> devices_;
    DeviceRecord device_;
    std::unique_ptr<signal::SignalAccount> signal_;
    signal::LocalIdentity identity_;
    std::optional<MessageLog> message_log_;  // recently sent messages, received ids (dedup)
    std::optional<SenderKeyMemory> sender_keys_sent_;  // group -> devices that have our sender key

    // The current connection; callbacks carry the generation they belong to, so late ones from an old
    // connection are ignored.
    std::uint64_t generation_ = 0;
    Phase phase_ = Phase::idle;
    bool running_ = false;    // start() until stop()/logout()/a final reason
    bool logged_in_ = false;  // <success> seen on this connection
    std::shared_ptr<transport::WebSocketConnection> socket_;
    std::optional<transport::ClientFrameEncoder> encoder_;
    std::optional<transport::FrameDecoder> decoder_;
    std::optional<noise::NoiseInitiator> noise_;
    std::optional<noise::TransportCipher> cipher_;
    transport::Bytes routing_info_;  // from <ib><edge_routing>, sent before the next connection's header

    IqTracker iqs_;
    IqTracker message_acks_{""};  // sent messages waiting for the server's <ack class="message">
    std::deque<QueuedSend> waiting_sends_;  // accepted by send(), waiting for a login
    std::deque<UnackedMessage> unacked_;    // sent (or to be sent again), waiting for the server's ack
    std::map<std::string, int> retry_requests_;  // "id|sender device" -> retry receipts we sent
    std::map<std::string, int> resend_counts_;   // "id|device" -> messages we re-sent for a retry receipt
    std::map<std::string, std::string> push_names_;  // user -> push name, kept in SQLite too
    std::map<std::string, binary::Jid> lid_for_pn_;  // PN user -> LID user, learned from usync and stanzas
    DeviceCache device_cache_;                       // user -> devices, from usync
    asio::steady_timer iq_timer_;
    asio::steady_timer handshake_timer_;
    asio::steady_timer reconnect_timer_;
    asio::steady_timer keepalive_timer_;
    asio::steady_timer qr_timer_;
    ReconnectBackoff backoff_;
    std::mt19937_64 random_;

    // Link-code pairing in progress on this connection (the code, our ephemeral key, the server's ref).
    struct LinkCodeState {
        std::string code;
        signal::KeyPair ephemeral;
        std::string ref;
    };
    std::optional<LinkCodeState> link_code_;

    std::vector<std::string> qr_refs_;
    int qr_index_ = 0;
    int missed_pings_ = 0;
    std::atomic<std::uint64_t> refused_message_ids_{0};  // written on the strand, read from anywhere
};

}  // namespace wagw::wa::client
