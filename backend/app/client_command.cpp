#include "backend/app/client_command.hpp"

#include <qrencode.h>

#include <asio/signal_set.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>

#include "backend/app/download_path.hpp"
#include "backend/services/wa_endpoint.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/media/media_cipher.hpp"

namespace wagw::app {
namespace {

using wa::client::ClientEvent;
namespace client = wa::client;

// Where `link` remembers how to reach the server, so `listen` and `logout` need only --data.
constexpr const char* kConnectionFile = "connection.conf";

std::map<std::string, std::string> read_settings(const std::filesystem::path& file) {
    std::map<std::string, std::string> settings;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        auto equals = line.find('=');
        if (equals != std::string::npos) settings[line.substr(0, equals)] = line.substr(equals + 1);
    }
    return settings;
}

Status write_settings(const std::filesystem::path& file, const std::map<std::string, std::string>& settings) {
    std::ofstream out(file, std::ios::trunc);
    for (const auto& [key, value] : settings) out << key << '=' << value << '\n';
    if (!out) return Error{"write_failed", "cannot write " + file.string()};
    return ok_status();
}

// Two QR modules per character row (upper and lower half blocks), with a quiet zone of two modules.
void print_qr_art(const std::string& text) {
    QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1);
    if (code == nullptr) return;
    const int size = code->width;
    const int quiet = 2;
    auto dark = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= size || y >= size) return false;
        return (code->data[y * size + x] & 1) != 0;
    };
    std::string art;
    for (int y = -quiet; y < size + quiet; y += 2) {
        for (int x = -quiet; x < size + quiet; ++x) {
            bool top = dark(x, y), bottom = dark(x, y + 1);
            // Light modules are drawn, dark ones left blank: scanners read a dark terminal this way.
            art += !top && !bottom ? "\u2588" : !top ? "\u2580" : !bottom ? "\u2584" : " ";
        }
        art += '\n';
    }
    QRcode_free(code);
    std::fputs(art.c_str(), stdout);
}

void print_line(const std::string& line) {
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

// Every JSON line goes through here: nlohmann escapes whatever a peer put in a string (ids, names, error
// codes), and bytes that are not UTF-8 become U+FFFD instead of an exception.
void print_json(const nlohmann::json& line) {
    print_line(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// The media kind and mimetype a file is sent as, by its extension; anything unknown goes as a document.
client::WaClient::MediaFile media_file_for(const std::filesystem::path& path) {
    std::string extension = path.extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    using wa::media::MediaKind;
    struct Known {
        const char* extension;
        MediaKind kind;
        const char* mimetype;
    };
    static constexpr Known kKnown[] = {
        {".jpg", MediaKind::Image, "image/jpeg"},   {".jpeg", MediaKind::Image, "image/jpeg"},
        {".png", MediaKind::Image, "image/png"},    {".webp", MediaKind::Sticker, "image/webp"},
        {".mp4", MediaKind::Video, "video/mp4"},    {".ogg", MediaKind::Audio, "audio/ogg; codecs=opus"},
        {".opus", MediaKind::Audio, "audio/ogg; codecs=opus"}, {".mp3", MediaKind::Audio, "audio/mpeg"},
        {".m4a", MediaKind::Audio, "audio/mp4"},    {".pdf", MediaKind::Document, "application/pdf"},
    };
    client::WaClient::MediaFile file;
    file.kind = MediaKind::Document;
    file.mimetype = "application/octet-stream";
    for (const Known& known : kKnown) {
        if (extension == known.extension) {
            file.kind = known.kind;
            file.mimetype = known.mimetype;
        }
    }
    if (file.kind == MediaKind::Document) file.file_name = path.filename().string();
    return file;
}

std::string user_jid_text(const std::string& to) {
    if (to.find('@') != std::string::npos) return to;
    return (to.rfind('+', 0) == 0 ? to.substr(1) : to) + "@s.whatsapp.net";
}

// The message `wagw client send` was asked for (everything but files, which are uploaded first).
Result<wa::message::Content> content_for(const ClientCommandOptions& options) {
    namespace message = wa::message;
    const std::string chat = user_jid_text(options.to);
    auto ref = [&](const std::string& id, bool from_me) { return message::MessageRef{chat, id, from_me, ""}; };
    if (!options.location.empty()) {
        message::Location location;
        auto comma = options.location.find(',');
        if (comma == std::string::npos) return Error{"bad_location", "--location needs LAT,LON"};
        char* end = nullptr;
        location.latitude = std::strtod(options.location.c_str(), &end);
        location.longitude = std::strtod(options.location.c_str() + comma + 1, &end);
        location.name = options.location_name;
        return message::Content{location};
    }
    if (!options.contact.empty()) {
        auto colon = options.contact.rfind(':');
        if (colon == std::string::npos) return Error{"bad_contact", "--contact needs NAME:PHONE"};
        std::string name = options.contact.substr(0, colon), phone = options.contact.substr(colon + 1);
        message::ContactCard card;
        card.display_name = name;
        card.vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:" + name + "\nTEL;type=CELL;type=VOICE;waid=" + phone + ":+" +
                     phone + "\nEND:VCARD";
        return message::Content{card};
    }
    if (!options.poll.empty()) {
        message::Poll poll;
        poll.question = options.poll;
        poll.options = options.poll_options;
        return message::Content{poll};
    }
    if (!options.react_to.empty()) {
        message::Reaction reaction;
        reaction.target = ref(options.react_to, options.target_from_me);
        reaction.emoji = options.emoji;
        reaction.sent_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
        return message::Content{reaction};
    }
    if (!options.edit_id.empty()) {
        message::Edit edit;
        edit.target = ref(options.edit_id, true);  // only our own messages can be edited
        edit.text = options.text;
        return message::Content{edit};
    }
    if (!options.revoke_id.empty()) return message::Content{message::Revoke{ref(options.revoke_id, true)}};
    message::Text text;
    text.text = options.text;
    for (const auto& mention : options.mentions) text.mentions.push_back(user_jid_text(mention));
    if (!options.reply_to.empty()) text.reply = message::Reply{ref(options.reply_to, options.target_from_me), ""};
    return message::Content{text};
}

std::string hex_sha256(const std::vector<std::uint8_t>& bytes) {
    auto digest = wa::media::sha256(bytes);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (auto b : digest) {
        out += kDigits[b >> 4];
        out += kDigits[b & 15];
    }
    return out;
}

nlohmann::json group_json(const wa::stanza::GroupInfo& info) {
    nlohmann::json participants = nlohmann::json::array();
    for (const auto& p : info.participants) {
        const char* role = p.role == wa::stanza::GroupRole::SuperAdmin ? "superadmin"
                           : p.role == wa::stanza::GroupRole::Admin     ? "admin"
                                                                        : "member";
        participants.push_back({{"jid", p.jid.to_string()},
                                {"phone_number", p.phone_number ? p.phone_number->to_string() : ""},
                                {"role", role}});
    }
    return nlohmann::json{{"event", "group"},
                          {"jid", info.jid.to_string()},
                          {"subject", info.subject},
                          {"addressing_mode", info.addressing_mode},
                          {"participants", participants}};
}

// `wagw client group ...`: one request, its answer as a JSON line, then exit.
void run_group_action(client::WaClient& wa, const ClientCommandOptions& options, std::function<void(int)> finish) {
    auto fail = [finish](const Error& error) {
        std::fprintf(stderr, "wagw client: %s\n", error.message.c_str());
        finish(1);
    };
    auto print_group = [finish, fail](Result<wa::stanza::GroupInfo> info) {
        if (!info) return fail(info.error());
        print_json(group_json(*info));
        finish(0);
    };
    const std::string& what = options.group_action;
    if (what == "create") return wa.create_group(options.subject, options.members, print_group);
    if (what == "info") return wa.group_info(options.group, print_group);
    if (what == "list") {
        return wa.joined_groups([finish, fail](Result<std::vector<wa::stanza::GroupInfo>> groups) {
            if (!groups) return fail(groups.error());
            for (const auto& group : *groups) print_json(group_json(group));
            finish(0);
        });
    }
    if (what == "leave") {
        return wa.leave_group(options.group, [finish, fail](Status left) {
            if (!left) return fail(left.error());
            print_json({{"event", "group_left"}});
            finish(0);
        });
    }
    auto action = wa::stanza::action_from_name(what);
    if (!action) return fail(Error{"usage", "unknown group action " + what});
    wa.update_group_participants(
        options.group, *action, options.members,
        [finish, fail, what](Result<std::vector<wa::stanza::ParticipantResult>> results) {
            if (!results) return fail(results.error());
            nlohmann::json list = nlohmann::json::array();
            for (const auto& r : *results) list.push_back({{"jid", r.jid.to_string()}, {"error", r.error}});
            print_json({{"event", "group_participants_result"}, {"action", what}, {"results", list}});
            finish(0);
        });
}

}  // namespace

int run_client_command(const ClientCommandOptions& options) {
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    const auto settings_file = options.data_dir / kConnectionFile;
    auto settings = read_settings(settings_file);
    if (!options.server_url.empty()) settings["server"] = options.server_url;
    if (!options.trust_root_file.empty())
        settings["trust_root"] = std::filesystem::absolute(options.trust_root_file).string();
    if (!options.tls_certificate_file.empty()) {
        settings["tls_cert"] = std::filesystem::absolute(options.tls_certificate_file).string();
    }
    if (!options.tls_verify) settings["tls_verify"] = "0";
    if (!options.push_name.empty()) settings["push_name"] = options.push_name;

    auto box = store::SecretBox::from_key_file(options.data_dir / "master.key");
    if (!box) {
        std::fprintf(stderr, "wagw client: %s\n", box.error().message.c_str());
        return 2;
    }
    auto setting = [&settings](const std::string& key) {
        auto found = settings.find(key);
        return found == settings.end() ? std::string() : found->second;
    };
    auto endpoint = services::load_wa_endpoint(setting("server"), setting("trust_root"), setting("tls_cert"),
                                               setting("tls_verify") != "0");
    if (!endpoint) {
        std::fprintf(stderr, "wagw client: %s\n", endpoint.error().message.c_str());
        return 2;
    }
    auto client_options = services::client_options(*endpoint, options.data_dir / "client.db",
                                                   std::make_shared<store::SecretBox>(std::move(*box)));
    client_options.payload.push_name = setting("push_name");
    if (options.action == ClientCommandOptions::Action::link) client_options.link_code_phone = options.link_phone;

    asio::io_context io;
    auto work = asio::make_work_guard(io);
    int exit_code = 0;
    std::shared_ptr<client::WaClient> wa;
    const auto action = options.action;
    bool finishing = false;
    auto finish = [&](int code) {
        if (finishing) return;
        finishing = true;
        exit_code = code;
        work.reset();
        io.stop();
    };

    auto on_event = [&](const ClientEvent& event) {
        print_line(client::to_json(event));
        if (const auto* qr = std::get_if<client::QrCode>(&event)) {
            print_qr_art(qr->code);
            std::fflush(stdout);
        } else if (std::holds_alternative<client::Connected>(event)) {
            if (action == ClientCommandOptions::Action::link) {
                print_json({{"event", "linked"}});
                finish(0);
            } else if (action == ClientCommandOptions::Action::send) {
                auto on_sent = [&](Result<client::WaClient::SentMessage> sent) {
                    if (!sent) {
                        std::fprintf(stderr, "wagw client: %s\n", sent.error().message.c_str());
                        finish(1);
                        return;
                    }
                    print_json({{"event", "sent"}, {"id", sent->id}, {"timestamp", sent->timestamp}});
                    finish(0);
                };
                if (!options.file.empty()) {
                    auto bytes = services::read_text_file(options.file);
                    if (!bytes) return on_sent(bytes.error());
                    auto file = media_file_for(options.file);
                    file.bytes.assign(bytes->begin(), bytes->end());
                    file.caption = options.caption;
                    file.voice_note = options.voice_note && file.kind == wa::media::MediaKind::Audio;
                    if (!options.reply_to.empty()) {
                        file.reply = wa::message::Reply{
                            {user_jid_text(options.to), options.reply_to, options.target_from_me, ""}, ""};
                    }
                    wa->send_media(options.to, std::move(file), on_sent);
                } else {
                    auto content = content_for(options);
                    if (!content) return on_sent(content.error());
                    wa->send(options.to, std::move(*content), on_sent);
                }
            } else if (action == ClientCommandOptions::Action::check) {
                wa->is_on_whatsapp(options.numbers, [&](Result<std::vector<client::WaClient::OnWhatsApp>> found) {
                    if (!found) {
                        std::fprintf(stderr, "wagw client: %s\n", found.error().message.c_str());
                        return finish(1);
                    }
                    for (const auto& entry : *found)
                        print_json({{"event", "on_whatsapp"},
                                    {"phone", entry.phone},
                                    {"jid", entry.jid},
                                    {"registered", entry.registered},
                                    {"push_name", entry.push_name}});
                    finish(0);
                });
            } else if (action == ClientCommandOptions::Action::presence) {
                auto done = [&](Status sent) {
                    if (sent) {
                        print_json({{"event", "presence_sent"}});
                    } else {
                        std::fprintf(stderr, "wagw client: %s\n", sent.error().message.c_str());
                    }
                    finish(sent ? 0 : 1);
                };
                const std::string& state = options.presence_state;
                if (state == "available" || state == "unavailable") {
                    wa->set_presence(state == "available" ? wa::stanza::Availability::Available
                                                          : wa::stanza::Availability::Unavailable,
                                     done);
                } else {
                    wa->send_chat_state(options.to,
                                        state == "typing"      ? wa::stanza::ChatActivity::Typing
                                        : state == "recording" ? wa::stanza::ChatActivity::Recording
                                                               : wa::stanza::ChatActivity::Paused,
                                        done);
                }
            } else if (action == ClientCommandOptions::Action::group) {
                run_group_action(*wa, options, finish);
            } else if (action == ClientCommandOptions::Action::logout) {
                wa->logout([&](Status told) {
                    if (!told) std::fprintf(stderr, "wagw client: %s\n", told.error().message.c_str());
                });
            }
        } else if (const auto* message = std::get_if<client::MessageReceived>(&event)) {
            if (options.mark_read && !message->from_me) wa->mark_read(message->sender_device, {message->id});
            const auto* media = std::get_if<wa::message::Media>(&message->content);
            if (media && !options.download_dir.empty()) {
                std::filesystem::create_directories(options.download_dir, ec);
                // The message id only labels the JSON line; the file is named by its content
                // (download_path.hpp).
                wa->download_media(*media, [&, id = message->id, mimetype = media->mimetype](
                                               Result<std::vector<std::uint8_t>> bytes) {
                    if (!bytes) {
                        print_json(
                            {{"event", "media_download_failed"}, {"id", id}, {"code", bytes.error().code}});
                        return;
                    }
                    const std::string digest = hex_sha256(*bytes);
                    auto path = download_path(options.download_dir, digest, mimetype);
                    if (!path) {
                        print_json(
                            {{"event", "media_download_failed"}, {"id", id}, {"code", path.error().code}});
                        return;
                    }
                    std::ofstream out(*path, std::ios::binary | std::ios::trunc);
                    out.write(reinterpret_cast<const char*>(bytes->data()),
                              static_cast<std::streamsize>(bytes->size()));
                    if (!out) {
                        print_json(
                            {{"event", "media_download_failed"}, {"id", id}, {"code", "write_failed"}});
                        return;
                    }
                    print_json({{"event", "media_downloaded"},
                                {"id", id},
                                {"sha256", digest},
                                {"size", bytes->size()},
                                {"file", path->string()}});
                });
            }
        } else if (std::holds_alternative<client::PairError>(event) && !options.link_phone.empty()) {
            finish(1);  // a wrong link code: the phone refused the key bundle; a new attempt needs a new code
        } else if (std::holds_alternative<client::LoggedOut>(event)) {
            finish(action == ClientCommandOptions::Action::logout ? 0 : 1);
        } else if (const auto* down = std::get_if<client::Disconnected>(&event)) {
            if (!down->will_reconnect && down->reason.kind != client::DisconnectKind::user_request) finish(1);
        }
    };
    auto made = client::WaClient::create(io, client_options, on_event);
    if (!made) {
        std::fprintf(stderr, "wagw client: %s\n", made.error().message.c_str());
        return 2;
    }
    wa = *made;
    if (action != ClientCommandOptions::Action::link && !wa->linked()) {
        std::fprintf(stderr, "wagw client: %s is not linked; run `wagw client link` first\n",
                     options.data_dir.string().c_str());
        return 2;
    }
    if (action == ClientCommandOptions::Action::link) {
        if (auto saved = write_settings(settings_file, settings); !saved) {
            std::fprintf(stderr, "wagw client: %s\n", saved.error().message.c_str());
            return 2;
        }
    }

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const std::error_code& error, int) {
        if (!error) finish(0);
    });
    wa->start();
    io.run();
    // Close the connection politely before the io_context goes away.
    wa->stop();
    io.restart();
    io.run_for(std::chrono::milliseconds(500));
    return exit_code;
}

}  // namespace wagw::app
