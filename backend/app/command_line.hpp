#pragma once
// Parses `wagw <command> [flags]` into options; every mistake becomes a message naming the flag.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::app {

struct ServeOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::filesystem::path data_dir = "data";
    std::filesystem::path web_root;  // empty: the build's default
    unsigned threads = 2;
    bool demo = false;            // also run the WhatsApp simulator in-process (data in DATA/demo-whatsapp)
    std::uint16_t demo_port = 0;  // its port; 0: any free one
    std::vector<std::string> allowed_origins;  // pages elsewhere that may open /api/events from a browser
    std::size_t max_connections = 0;           // 0: derived from the descriptor limit
    // Where sessions connect: WhatsApp unless set (a wasim elsewhere, say); --demo points them at its own.
    std::string wa_url;
    std::filesystem::path wa_trust_root_file;       // the server's Noise root public key (hex)
    std::filesystem::path wa_tls_certificate_file;  // trust exactly this PEM for wss://
    std::uint64_t events_keep = 10'000;     // events kept in the log for ?since= replays (the newest ones)
    unsigned events_keep_days = 7;          // ... and none older than this
    unsigned webhook_retry_base_ms = 5000;  // the first retry's delay; later ones grow from it
    // The media cache (DATA/media): total size before the least recently used files go, and one file's limit
    // (uploads and media_url fetches).
    std::uint64_t media_cache_mb = 2048;
    std::uint64_t media_max_mb = 64;
    bool media_allow_private = false;                  // media_url may point at loopback/private/link-local
    std::vector<std::string> media_allowed_addresses;  // exact addresses media_url may reach anyway
    // Every session's keepalive (0: the client's defaults, a ping every 20-30 s, dead after 2 unanswered);
    // tests shorten them to see a silently dead link within seconds.
    unsigned keepalive_ms = 0;
    unsigned max_missed_pings = 0;
    unsigned iq_timeout_ms = 0;  // how long an iq (a keepalive ping too) waits for its answer
};

// `wagw client link|listen|logout|send`: one WhatsApp client from the command line
// (backend/app/client_command).
struct ClientCommandOptions {
    enum class Action { link, listen, logout, send, group, check, presence };
    Action action = Action::link;
    std::string server_url;  // empty: the one saved by `link`, else WhatsApp's
    std::filesystem::path
        trust_root_file;  // the server's root public key (hex); empty: saved, else WhatsApp's
    std::filesystem::path data_dir = "data/client";
    std::filesystem::path tls_certificate_file;  // trust exactly this PEM instead of the system CAs
    bool tls_verify = true;
    std::string push_name;
    std::string link_phone;  // link: pair by link code with this phone number instead of QR
    std::string to;          // send: a phone number or user JID
    std::string text;        // send: the text (or the new text with --edit)
    // send, other kinds (one of them): a file sent as image/video/audio/document/sticker by its extension, a
    // location "LAT,LON", a contact "NAME:PHONE", a poll question with --option, a reaction/edit/revoke of
    // message ID.
    std::filesystem::path file;
    std::string caption;
    bool voice_note = false;
    std::string location, location_name;
    std::string contact;
    std::string poll;
    std::vector<std::string> poll_options;
    std::string react_to, emoji;
    std::string edit_id, revoke_id;
    std::string reply_to;                // quote this message id (text and media)
    std::vector<std::string> mentions;   // phone numbers mentioned in a text
    bool target_from_me = false;         // --react/--reply-to point at our own message
    bool mark_read = false;              // listen: send a read receipt for every message received
    std::filesystem::path download_dir;  // listen: download received media here and print its SHA-256
    // group create|info|list|add|remove|promote|demote|leave [--group JID] [--subject S] [--member PHONE]...
    std::string group_action, group, subject;
    // check --number N...: which numbers have WhatsApp; presence --state
    // available|unavailable|typing|recording|paused [--to N]
    std::vector<std::string> numbers;
    std::string presence_state;
    std::vector<std::string> members;
};

struct ShowVersion {};
struct ShowHelp {};

using Command = std::variant<ServeOptions, ClientCommandOptions, ShowVersion, ShowHelp>;

// `serve` also reads a config file (--config FILE, or WAGW_CONFIG) and WAGW_* variables of `environment`
// (backend/app/config_sources.hpp); flags given here win over both.
Result<Command> parse_command_line(const std::vector<std::string>& args,
                                   const std::vector<std::pair<std::string, std::string>>& environment = {});

// What a `wagw serve` flag is, for settings that come from elsewhere than the command line.
enum class ServeFlagKind { unknown, value, repeatable, switch_flag, not_a_setting };
ServeFlagKind serve_flag_kind(std::string_view flag);
Result<std::pair<std::string, std::uint16_t>> parse_listen_address(const std::string& text);
std::string usage_text();

}  // namespace wagw::app
