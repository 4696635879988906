#include "backend/app/command_line.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "backend/app/config_sources.hpp"

namespace wagw::app {
namespace {

Error usage_error(std::string message) {
    return {"usage", std::move(message) + "\n\n" + usage_text()};
}

Result<unsigned> parse_unsigned(const std::string& text, unsigned max, const std::string& flag) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > max) {
        return usage_error(flag + " needs a number up to " + std::to_string(max) + ", got \"" + text + "\"");
    }
    return value;
}

Result<Command> parse_serve(const std::vector<std::string>& args) {
    ServeOptions options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag == "--help" || flag == "-h") return Command{ShowHelp{}};
        if (flag == "--demo") {
            options.demo = true;
            continue;
        }
        if (flag == "--media-allow-private") {
            options.media_allow_private = true;
            continue;
        }
        if (i + 1 >= args.size()) return usage_error("unknown flag or missing value: " + flag);
        const std::string& value = args[++i];
        if (flag == "--listen") {
            auto address = parse_listen_address(value);
            if (!address) return address.error();
            options.host = address->first;
            options.port = address->second;
        } else if (flag == "--data") {
            options.data_dir = value;
        } else if (flag == "--web-root") {
            options.web_root = value;
        } else if (flag == "--demo-port") {
            auto port = parse_unsigned(value, 65535, flag);
            if (!port) return port.error();
            options.demo = true;
            options.demo_port = static_cast<std::uint16_t>(*port);
        } else if (flag == "--allowed-origin") {
            if (!value.starts_with("http://") && !value.starts_with("https://"))
                return usage_error(
                    "--allowed-origin takes scheme://host[:port], e.g. https://crm.example.com");
            options.allowed_origins.push_back(value);
        } else if (flag == "--max-connections") {
            auto limit = parse_unsigned(value, 1'000'000, flag);
            if (!limit) return limit.error();
            if (*limit < 4) return usage_error("--max-connections needs at least 4");
            options.max_connections = *limit;
        } else if (flag == "--wa-url") {
            if (!value.starts_with("ws://") && !value.starts_with("wss://"))
                return usage_error("--wa-url needs a ws:// or wss:// URL, got \"" + value + "\"");
            options.wa_url = value;
        } else if (flag == "--wa-trust-root") {
            options.wa_trust_root_file = value;
        } else if (flag == "--wa-tls-cert") {
            options.wa_tls_certificate_file = value;
        } else if (flag == "--events-keep") {
            auto keep = parse_unsigned(value, 100'000'000, flag);
            if (!keep) return keep.error();
            if (*keep == 0) return usage_error("--events-keep needs at least 1");
            options.events_keep = *keep;
        } else if (flag == "--events-keep-days") {
            auto days = parse_unsigned(value, 3650, flag);
            if (!days) return days.error();
            if (*days == 0) return usage_error("--events-keep-days needs at least 1");
            options.events_keep_days = *days;
        } else if (flag == "--webhook-retry-base-ms") {
            auto base = parse_unsigned(value, 3'600'000, flag);
            if (!base) return base.error();
            if (*base < 10) return usage_error("--webhook-retry-base-ms needs at least 10");
            options.webhook_retry_base_ms = *base;
        } else if (flag == "--media-cache-mb") {
            auto mb = parse_unsigned(value, 16 * 1024 * 1024, flag);
            if (!mb) return mb.error();
            if (*mb == 0) return usage_error("--media-cache-mb needs at least 1");
            options.media_cache_mb = *mb;
        } else if (flag == "--media-max-mb") {
            auto mb = parse_unsigned(value, 64, flag);
            if (!mb) return mb.error();
            if (*mb == 0) return usage_error("--media-max-mb needs at least 1");
            options.media_max_mb = *mb;
        } else if (flag == "--media-allow-address") {
            if (value.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos)
                return usage_error("--media-allow-address takes a numeric IPv4 or IPv6 address, got \"" +
                                   value + "\"");
            options.media_allowed_addresses.push_back(value);
        } else if (flag == "--keepalive-ms" || flag == "--iq-timeout-ms") {
            auto ms = parse_unsigned(value, 3'600'000, flag);
            if (!ms) return ms.error();
            if (*ms < 100) return usage_error(flag + " needs at least 100");
            (flag == "--keepalive-ms" ? options.keepalive_ms : options.iq_timeout_ms) = *ms;
        } else if (flag == "--max-missed-pings") {
            auto pings = parse_unsigned(value, 100, flag);
            if (!pings) return pings.error();
            if (*pings == 0) return usage_error("--max-missed-pings needs at least 1");
            options.max_missed_pings = *pings;
        } else if (flag == "--threads") {
            auto threads = parse_unsigned(value, 64, flag);
            if (!threads) return threads.error();
            if (*threads == 0) return usage_error("--threads needs at least 1");
            options.threads = *threads;
        } else {
            return usage_error("unknown flag: " + flag);
        }
    }
    if (options.demo && (!options.wa_url.empty() || !options.wa_trust_root_file.empty() ||
                         !options.wa_tls_certificate_file.empty())) {
        return usage_error(
            "--demo points sessions at its own simulator; leave out --wa-url, --wa-trust-root "
            "and --wa-tls-cert");
    }
    return Command{options};
}

// A message without the usage text that usage errors carry, for errors about a config line or variable.
std::string first_paragraph(const std::string& message) {
    return message.substr(0, message.find("\n\n"));
}

// The command line's serve flags after those of the config file and the environment, each of those checked on
// its own first so that a mistake names its line or variable.
Result<Command> parse_serve_with_settings(const std::vector<std::string>& args,
                                          const Environment& environment) {
    std::vector<std::string> command_line{"serve"};
    std::filesystem::path config_file;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] != "--config") {
            command_line.push_back(args[i]);
            continue;
        }
        if (i + 1 >= args.size()) return usage_error("--config needs a file");
        config_file = args[++i];
    }
    if (config_file.empty()) {
        for (const auto& [variable, value] : environment)
            if (variable == "WAGW_CONFIG" && !value.empty()) config_file = value;
    }
    std::vector<SettingFlags> settings;
    if (!config_file.empty()) {
        auto from_file = config_file_settings(config_file);
        if (!from_file) return usage_error(from_file.error().message);
        settings = std::move(*from_file);
    }
    auto from_environment = environment_settings(environment);
    if (!from_environment) return usage_error(from_environment.error().message);
    settings.insert(settings.end(), from_environment->begin(), from_environment->end());

    std::vector<std::string> all{"serve"};
    for (const auto& setting : settings) {
        std::vector<std::string> alone{"serve"};
        alone.insert(alone.end(), setting.flags.begin(), setting.flags.end());
        if (auto checked = parse_serve(alone); !checked)
            return usage_error(setting.origin + ": " + first_paragraph(checked.error().message));
        all.insert(all.end(), setting.flags.begin(), setting.flags.end());
    }
    all.insert(all.end(), command_line.begin() + 1, command_line.end());
    return parse_serve(all);
}

Result<Command> parse_client(const std::vector<std::string>& args) {
    ClientCommandOptions options;
    if (args.size() < 2) return usage_error("client needs an action: link, listen, send or logout");
    const std::string& action = args[1];
    if (action == "link") {
        options.action = ClientCommandOptions::Action::link;
    } else if (action == "listen") {
        options.action = ClientCommandOptions::Action::listen;
    } else if (action == "logout") {
        options.action = ClientCommandOptions::Action::logout;
    } else if (action == "send") {
        options.action = ClientCommandOptions::Action::send;
    } else if (action == "check") {
        options.action = ClientCommandOptions::Action::check;
    } else if (action == "presence") {
        options.action = ClientCommandOptions::Action::presence;
    } else if (action == "group") {
        options.action = ClientCommandOptions::Action::group;
        static const char* kGroupActions[] = {"create", "info",    "list",   "add",
                                              "remove", "promote", "demote", "leave"};
        if (args.size() < 3 || std::find(std::begin(kGroupActions), std::end(kGroupActions), args[2]) ==
                                   std::end(kGroupActions)) {
            return usage_error(
                "client group needs one of create, info, list, add, remove, promote, demote, leave");
        }
        options.group_action = args[2];
    } else if (action == "--help" || action == "-h") {
        return Command{ShowHelp{}};
    } else {
        return usage_error("unknown client action: " + action + " (link, listen, send or logout)");
    }
    for (std::size_t i = options.action == ClientCommandOptions::Action::group ? 3 : 2; i < args.size();
         ++i) {
        const std::string& flag = args[i];
        if (flag == "--help" || flag == "-h") return Command{ShowHelp{}};
        if (flag == "--insecure-tls") {
            options.tls_verify = false;
            continue;
        }
        if (flag == "--mark-read") {
            options.mark_read = true;
            continue;
        }
        if (flag == "--voice-note") {
            options.voice_note = true;
            continue;
        }
        if (flag == "--from-me") {
            options.target_from_me = true;
            continue;
        }
        if (i + 1 >= args.size()) return usage_error("unknown flag or missing value: " + flag);
        const std::string& value = args[++i];
        if (flag == "--server") {
            if (value.rfind("ws://", 0) != 0 && value.rfind("wss://", 0) != 0) {
                return usage_error("--server needs a ws:// or wss:// URL, got \"" + value + "\"");
            }
            options.server_url = value;
        } else if (flag == "--trust-root") {
            options.trust_root_file = value;
        } else if (flag == "--data") {
            options.data_dir = value;
        } else if (flag == "--tls-cert") {
            options.tls_certificate_file = value;
        } else if (flag == "--name") {
            options.push_name = value;
        } else if (flag == "--to") {
            options.to = value;
        } else if (flag == "--text") {
            options.text = value;
        } else if (flag == "--file") {
            options.file = value;
        } else if (flag == "--caption") {
            options.caption = value;
        } else if (flag == "--location") {
            options.location = value;
        } else if (flag == "--location-name") {
            options.location_name = value;
        } else if (flag == "--contact") {
            options.contact = value;
        } else if (flag == "--poll") {
            options.poll = value;
        } else if (flag == "--option") {
            options.poll_options.push_back(value);
        } else if (flag == "--react") {
            options.react_to = value;
        } else if (flag == "--emoji") {
            options.emoji = value;
        } else if (flag == "--edit") {
            options.edit_id = value;
        } else if (flag == "--revoke") {
            options.revoke_id = value;
        } else if (flag == "--reply-to") {
            options.reply_to = value;
        } else if (flag == "--mention") {
            options.mentions.push_back(value);
        } else if (flag == "--download") {
            options.download_dir = value;
        } else if (flag == "--phone") {
            options.link_phone = value;
        } else if (flag == "--number") {
            options.numbers.push_back(value);
        } else if (flag == "--state") {
            options.presence_state = value;
        } else if (flag == "--group") {
            options.group = value;
        } else if (flag == "--subject") {
            options.subject = value;
        } else if (flag == "--member") {
            options.members.push_back(value);
        } else {
            return usage_error("unknown flag: " + flag);
        }
    }
    if (options.action == ClientCommandOptions::Action::check && options.numbers.empty())
        return usage_error("client check needs --number PHONE");
    if (options.action == ClientCommandOptions::Action::presence) {
        const std::string& state = options.presence_state;
        bool availability = state == "available" || state == "unavailable";
        bool chat_state = state == "typing" || state == "recording" || state == "paused";
        if (!availability && !chat_state)
            return usage_error("client presence needs --state available|unavailable|typing|recording|paused");
        if (chat_state && options.to.empty()) return usage_error("--state " + state + " needs --to PHONE");
    }
    if (options.action == ClientCommandOptions::Action::group) {
        const std::string& what = options.group_action;
        if (what == "create" && options.subject.empty()) return usage_error("group create needs --subject");
        if (what != "create" && what != "list" && options.group.empty())
            return usage_error("group " + what + " needs --group JID");
        if ((what == "add" || what == "remove" || what == "promote" || what == "demote") &&
            options.members.empty())
            return usage_error("group " + what + " needs --member PHONE");
    }
    if (options.action == ClientCommandOptions::Action::send) {
        int kinds = !options.file.empty() + !options.location.empty() + !options.contact.empty() +
                    !options.poll.empty() + !options.react_to.empty() + !options.revoke_id.empty() +
                    !options.edit_id.empty();
        if (options.to.empty() || (kinds == 0 && options.text.empty()) || kinds > 1) {
            return usage_error(
                "client send needs --to PHONE and one of --text, --file, --location, --contact, --poll, "
                "--react, "
                "--edit or --revoke");
        }
        if (!options.edit_id.empty() && options.text.empty())
            return usage_error("--edit needs --text NEW_TEXT");
        if (!options.poll.empty() && options.poll_options.size() < 2)
            return usage_error("--poll needs at least two --option");
    }
    return Command{options};
}

}  // namespace

Result<std::pair<std::string, std::uint16_t>> parse_listen_address(const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        return usage_error("--listen needs HOST:PORT, e.g. 127.0.0.1:8080, got \"" + text + "\"");
    }
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    auto port = parse_unsigned(text.substr(colon + 1), 65535, "--listen");
    if (!port) return port.error();
    if (*port == 0) return usage_error("--listen needs a port between 1 and 65535");
    return std::pair{host, static_cast<std::uint16_t>(*port)};
}

ServeFlagKind serve_flag_kind(std::string_view flag) {
    static constexpr std::array<std::pair<std::string_view, ServeFlagKind>, 23> kFlags{{
        {"--listen", ServeFlagKind::value},
        {"--data", ServeFlagKind::value},
        {"--web-root", ServeFlagKind::value},
        {"--threads", ServeFlagKind::value},
        {"--demo", ServeFlagKind::switch_flag},
        {"--demo-port", ServeFlagKind::value},
        {"--allowed-origin", ServeFlagKind::repeatable},
        {"--max-connections", ServeFlagKind::value},
        {"--wa-url", ServeFlagKind::value},
        {"--wa-trust-root", ServeFlagKind::value},
        {"--wa-tls-cert", ServeFlagKind::value},
        {"--events-keep", ServeFlagKind::value},
        {"--events-keep-days", ServeFlagKind::value},
        {"--webhook-retry-base-ms", ServeFlagKind::value},
        {"--media-cache-mb", ServeFlagKind::value},
        {"--media-max-mb", ServeFlagKind::value},
        {"--media-allow-private", ServeFlagKind::switch_flag},
        {"--media-allow-address", ServeFlagKind::repeatable},
        {"--keepalive-ms", ServeFlagKind::value},
        {"--max-missed-pings", ServeFlagKind::value},
        {"--iq-timeout-ms", ServeFlagKind::value},
        {"--config", ServeFlagKind::not_a_setting},
        {"--help", ServeFlagKind::not_a_setting},
    }};
    for (const auto& [name, kind] : kFlags)
        if (name == flag) return kind;
    return ServeFlagKind::unknown;
}

Result<Command> parse_command_line(const std::vector<std::string>& args, const Environment& environment) {
    if (args.empty()) return parse_serve_with_settings({"serve"}, environment);
    const std::string& command = args.front();
    if (command == "serve") return parse_serve_with_settings(args, environment);
    if (command == "client") return parse_client(args);
    if (command == "version" || command == "--version") return Command{ShowVersion{}};
    if (command == "help" || command == "--help" || command == "-h") return Command{ShowHelp{}};
    return usage_error("unknown command: " + command);
}

std::string usage_text() {
    return "usage: wagw serve [--config FILE] [--listen HOST:PORT] [--data DIR] [--web-root DIR] [--threads "
           "N] [--demo]\n"
           "                  [--allowed-origin URL]... [--max-connections N]\n"
           "                  [--wa-url URL [--wa-trust-root FILE] [--wa-tls-cert FILE]]\n"
           "                  [--events-keep N] [--events-keep-days D] [--webhook-retry-base-ms MS]\n"
           "                  [--media-cache-mb N] [--media-max-mb N] [--media-allow-private]\n"
           "                  [--media-allow-address IP]... [--keepalive-ms MS] [--max-missed-pings N]\n"
           "                  [--iq-timeout-ms MS]\n"
           "       wagw client link [--phone N] [--server URL] [--trust-root FILE] [--data DIR] [--tls-cert "
           "FILE]\n"
           "                        [--insecure-tls] [--name PUSH_NAME]\n"
           "       wagw client listen [--data DIR] [--mark-read] [--download DIR] [same flags as link]\n"
           "       wagw client send [--data DIR] --to PHONE --text TEXT [--reply-to ID [--from-me]] "
           "[--mention PHONE]\n"
           "       wagw client send [--data DIR] --to PHONE --file F [--caption C] [--voice-note]\n"
           "       wagw client send [--data DIR] --to PHONE --location LAT,LON [--location-name N] | "
           "--contact NAME:PHONE\n"
           "                        | --poll Q --option A --option B | --react ID --emoji E [--from-me]\n"
           "                        | --edit ID --text T | --revoke ID\n"
           "       wagw client logout [--data DIR]\n"
           "       wagw client check --number PHONE...   (which numbers have WhatsApp)\n"
           "       wagw client presence --state available|unavailable | --state typing|recording|paused --to "
           "PHONE\n"
           "       wagw client group create --subject S [--member PHONE]... | info --group JID | list\n"
           "                        | add|remove|promote|demote --group JID --member PHONE... | leave "
           "--group JID\n"
           "       wagw version\n"
           "\n"
           "  serve       run the gateway: REST API, live events and the dashboard\n"
           "  --listen    address to serve on (default 127.0.0.1:8080)\n"
           "  --data      folder for wagw.db and keys (default ./data)\n"
           "  --web-root  folder of the built dashboard (default: the one this build made)\n"
           "  --threads   network threads (default 2)\n"
           "  --demo      also run the WhatsApp simulator (wasim) in-process, for trying wagw without a "
           "phone\n"
           "  --demo-port its port (default: any free one)\n"
           "  --allowed-origin  a web page origin (https://host[:port]) that may open the live events "
           "socket\n"
           "              from a browser, besides the dashboard itself; repeat for more\n"
           "  --max-connections open HTTP and WebSocket connections at most (default: from the descriptor "
           "limit)\n"
           "  --wa-url    WhatsApp WebSocket URL every session connects to\n"
           "              (default wss://web.whatsapp.com/ws/chat)\n"
           "  --wa-trust-root  file with that server's Noise root public key in hex (default WhatsApp's)\n"
           "  --wa-tls-cert    trust exactly this PEM certificate for its wss:// (e.g. a wasim's)\n"
           "  --events-keep  events kept for replay with /api/events?since= (default 10000, the newest)\n"
           "  --events-keep-days  and none older than this many days (default 7)\n"
           "  --webhook-retry-base-ms  first webhook retry delay (default 5000; then x6, x24, x120, ... up "
           "to\n"
           "              8 attempts, +-20% jitter)\n"
           "  --media-cache-mb  size of the media cache in MiB; the least recently used files go first\n"
           "              (default 2048)\n"
           "  --media-max-mb    one media file's limit in MiB, for uploads and media_url (default and most "
           "64)\n"
           "  --media-allow-private  let media_url reach loopback, private, link-local and CGNAT addresses\n"
           "              (refused by default, so callers cannot reach the gateway's own network)\n"
           "  --media-allow-address  one such address media_url may reach anyway (e.g. a NAS); repeat for "
           "more\n"
           "  --keepalive-ms   ping every session's connection this often (default 20000-30000, random)\n"
           "  --max-missed-pings  unanswered pings in a row after which a connection counts as dead and is\n"
           "              replaced (default 2); the session shows reconnecting meanwhile\n"
           "  --iq-timeout-ms  how long a request to WhatsApp, a ping included, waits for its answer "
           "(default 20000)\n"
           "  --config    read settings from FILE first: one `name = value` a line (name: a flag above "
           "without\n"
           "              its dashes; switches take true/false; # starts a comment); also WAGW_CONFIG=FILE\n"
           "  WAGW_<FLAG> (environment) any flag above as a variable, dashes as underscores, e.g.\n"
           "              WAGW_LISTEN=0.0.0.0:8080 WAGW_MEDIA_MAX_MB=16 WAGW_DEMO=true; lists "
           "comma-separated\n"
           "              (WAGW_ALLOWED_ORIGIN=https://a.example,https://b.example). Flags on the command "
           "line win\n"
           "              over the environment, which wins over the config file.\n"
           "  WAGW_API_KEY  (environment) use this admin API key (24+ characters) instead of a generated "
           "one\n"
           "\n"
           "  client link    link this machine as a WhatsApp companion: prints QR codes (text and terminal "
           "art)\n"
           "                 until the phone scans one, then waits for the first login; events as JSON "
           "lines\n"
           "  client listen  log in with the stored credentials and print events as JSON lines until "
           "stopped\n"
           "  client send    log in, send one text to PHONE (and our other devices), wait for the server's "
           "ack\n"
           "  client logout  unlink this device from the account and wipe its credentials\n"
           "  --server       WhatsApp WebSocket URL (default wss://web.whatsapp.com/ws/chat; link saves it)\n"
           "  --trust-root   file with the server's Noise root public key in hex (default WhatsApp's)\n"
           "  --data         folder for client.db and its master key (default ./data/client)\n"
           "  --tls-cert     trust exactly this PEM certificate for wss:// (e.g. a simulator's)\n"
           "  --mark-read    listen: send a read receipt for every message received\n";
}

}  // namespace wagw::app
