#include "backend/app/gateway.hpp"

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>
#include <vector>

#include "backend/api/event_hub.hpp"
#include "backend/api/event_tickets.hpp"
#include "backend/api/http_server.hpp"
#include "backend/api/key_routes.hpp"
#include "backend/api/media_routes.hpp"
#include "backend/api/message_routes.hpp"
#include "backend/api/session_routes.hpp"
#include "backend/api/template_routes.hpp"
#include "backend/api/webhook_routes.hpp"
#include "backend/services/admin_key.hpp"
#include "backend/services/api_keys.hpp"
#include "backend/services/event_log.hpp"
#include "backend/services/health.hpp"
#include "backend/services/message_service.hpp"
#include "backend/services/metrics.hpp"
#include "backend/services/random_text.hpp"
#include "backend/services/session_service.hpp"
#include "backend/services/template_service.hpp"
#include "backend/services/wa_endpoint.hpp"
#include "backend/services/webhook_dispatcher.hpp"
#include "backend/services/webhook_service.hpp"
#include "backend/store/migrations.hpp"
#include "backend/store/settings.hpp"
#include "tools/wasim/handlers/link_code.hpp"
#include "tools/wasim/phone/mock_phone_scan.hpp"
#include "tools/wasim/server/simulator.hpp"

namespace wagw::app {
namespace {

int fail(const Error& error) {
    std::fprintf(stderr, "wagw: %s\n", error.message.c_str());
    return 1;
}

std::string browser_host(const std::string& host) {
    if (host == "0.0.0.0" || host == "::") return "127.0.0.1";
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// The demo: wasim on the gateway's own event loop, its state beside the gateway's data, so that people (and
// tests) can link accounts and exchange messages without WhatsApp. Its control API can read every virtual
// phone's messages and link devices, so it gets a fresh random token each start, kept where only this user
// can read it (DATA/demo-whatsapp/admin-token, mode 0600) and printed once with the demo lines.
Result<std::shared_ptr<wasim::Simulator>> start_demo_simulator(asio::io_context& io,
                                                               const ServeOptions& options) {
    const auto demo_dir = options.data_dir / "demo-whatsapp";
    std::error_code ec;
    std::filesystem::create_directories(demo_dir, ec);
    if (ec) return Error{"data_dir", "cannot create " + demo_dir.string() + ": " + ec.message()};
    const std::string token = services::random_hex(32);
    const auto token_file = demo_dir / "admin-token";
    // O_NOFOLLOW: a link planted in the data folder must not redirect the write; fchmod: an older file may
    // have been readable by others.
    const int fd = ::open(token_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return Error{"data_dir", "cannot write " + token_file.string() + ": " + std::strerror(errno)};
    const std::string line = token + "\n";
    const bool written =
        ::fchmod(fd, 0600) == 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    const int write_errno = errno;
    ::close(fd);
    if (!written)
        return Error{"data_dir", "cannot write " + token_file.string() + ": " + std::strerror(write_errno)};

    wasim::SimulatorOptions simulator_options;
    simulator_options.bind_address = "127.0.0.1";
    simulator_options.port = options.demo_port;
    simulator_options.data_dir = demo_dir.string();
    simulator_options.admin_token = token;
    auto simulator = wasim::Simulator::start(io, simulator_options);
    if (!simulator)
        return Error{"demo", "the demo WhatsApp simulator did not start: " + simulator.error().message};
    std::ofstream(demo_dir / "cert.pem") << (*simulator)->certificate_pem();
    return simulator;
}

// Connections the HTTP server may hold: half of the descriptors left after a reserve for the database, logs
// and sessions' own sockets, capped, so a flood of connections can never starve the rest of the gateway.
std::size_t connection_limit(const ServeOptions& options, const ProcessSetup& process) {
    if (options.max_connections != 0) return options.max_connections;
    const std::uint64_t descriptors = process.open_files_limit == 0 ? 1024 : process.open_files_limit;
    const std::uint64_t usable = descriptors > 256 ? (descriptors - 128) / 2 : descriptors / 4;
    return static_cast<std::size_t>(std::clamp<std::uint64_t>(usable, 8, 4096));
}

// Installs from before files were created private: the data folder and the database become the owner's only.
void make_private(const std::filesystem::path& data_dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::permissions(data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    for (const char* name : {"wagw.db", "wagw.db-wal", "wagw.db-shm"}) {
        if (fs::exists(data_dir / name, ec)) {
            fs::permissions(data_dir / name, fs::perms::owner_read | fs::perms::owner_write,
                            fs::perm_options::replace, ec);
        }
    }
}

// Where sessions connect: the demo's own simulator, else the --wa-* flags (WhatsApp when none is given).
Result<services::WaEndpoint> session_endpoint(const ServeOptions& options,
                                              const wasim::Simulator* simulator) {
    if (simulator) {
        services::WaEndpoint endpoint;
        endpoint.server_url = simulator->websocket_url();
        endpoint.trust_root = simulator->root_public_key();
        endpoint.tls_certificate_pem = simulator->certificate_pem();
        return endpoint;
    }
    return services::load_wa_endpoint(options.wa_url, options.wa_trust_root_file,
                                      options.wa_tls_certificate_file);
}

// The demo scan: a virtual phone of the embedded simulator scans `qr`, on the simulator's strand.
api::DemoScan demo_scan_with(const std::shared_ptr<wasim::Simulator>& simulator) {
    if (!simulator) return {};
    return [weak = std::weak_ptr<wasim::Simulator>(simulator)](
               const std::string& qr, std::function<void(Result<nlohmann::json>)> done) {
        auto running = weak.lock();
        if (!running) return done(Error{"demo", "the demo simulator is not running"});
        running->post([qr, done](wasim::SimulatorContext& context) {
            auto outcome = wasim::mock_phone_scan_qr(context, qr);
            if (!outcome) return done(outcome.error());
            done(nlohmann::json{{"phone", outcome->phone}, {"device", outcome->device}});
        });
    };
}

// Demo link by code: the embedded simulator gets a virtual phone for the number (a code can only be asked for
// a known account), and that phone types the code; both on the simulator's strand.
api::DemoLinkCode demo_link_code_with(const std::shared_ptr<wasim::Simulator>& simulator) {
    if (!simulator) return {};
    std::weak_ptr<wasim::Simulator> weak = simulator;
    api::DemoLinkCode demo;
    demo.add_phone = [weak](const std::string& phone, std::function<void(Status)> done) {
        auto running = weak.lock();
        if (!running) return done(Error{"demo", "the demo simulator is not running"});
        running->post([phone, done](wasim::SimulatorContext& context) {
            if (context.accounts.find_by_phone(phone)) return done(ok_status());
            auto created = context.accounts.create(phone, "Demo phone");
            done(created ? ok_status() : Status(created.error()));
        });
    };
    demo.enter_code = [weak](const std::string& phone, const std::string& code,
                             std::function<void(Status)> done) {
        auto running = weak.lock();
        if (!running) return done(Error{"demo", "the demo simulator is not running"});
        running->post([phone, code, done](wasim::SimulatorContext& context) {
            wasim::Account* account = context.accounts.find_by_phone(phone);
            if (!account) return done(Error{"demo", "the demo simulator has no phone " + phone});
            done(wasim::enter_link_code(context, *account, code));
        });
    };
    return demo;
}

// Runs the shared event loop until it is stopped. A handler that throws (a bug, or the simulator's control
// API fed something unexpected) is logged and the loop goes on: one bad request must not take every session
// down.
void run_event_loop(asio::io_context& io) {
    for (;;) {
        try {
            io.run();
            return;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "wagw: an event handler failed and was skipped: %s\n", e.what());
        } catch (...) {
            std::fprintf(stderr, "wagw: an event handler failed and was skipped\n");
        }
    }
}

}  // namespace

int run_gateway(const ServeOptions& options, const ProcessSetup& process) {
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec) return fail({"data_dir", "cannot create " + options.data_dir.string() + ": " + ec.message()});
    make_private(options.data_dir);

    auto db = store::Database::open(options.data_dir / "wagw.db");
    if (!db) return fail(db.error());
    auto version = store::apply_migrations(*db, store::kGatewayComponent, store::gateway_migrations());
    if (!version) return fail(version.error());
    store::Settings settings(*db);
    if (const char* configured = std::getenv("WAGW_API_KEY"); configured && *configured) {
        if (auto set = services::set_admin_key(settings, configured); !set) return fail(set.error());
    }
    auto new_admin_key = services::ensure_admin_key(settings);
    if (!new_admin_key) return fail(new_admin_key.error());
    auto admin_key = services::AdminKeyVerifier::load(settings);
    if (!admin_key) return fail(admin_key.error());

    const std::filesystem::path web_root =
        options.web_root.empty() ? WAGW_DEFAULT_WEB_ROOT : options.web_root;

    services::HealthReporter health(options.demo);
    api::EventHub events;
    // The event log writes from every thread that publishes, so it gets its own connection (and lock).
    auto event_db = store::Database::open(options.data_dir / "wagw.db");
    if (!event_db) return fail(event_db.error());
    services::EventLog event_log(std::move(*event_db), api::unix_time_ms,
                                 {options.events_keep, std::chrono::hours(24) * options.events_keep_days});
    event_log.add_sink([&events](const model::EventEnvelope& event) { events.publish(event); });
    // Webhooks: their own connection too (the dispatcher thread reports every attempt through it).
    auto webhook_db = store::Database::open(options.data_dir / "wagw.db");
    if (!webhook_db) return fail(webhook_db.error());
    // One master key seals the device keys in every session's client.db and the webhook secrets in wagw.db.
    auto opened_box = store::SecretBox::from_key_file(options.data_dir / "master.key");
    if (!opened_box) return fail(opened_box.error());
    const auto secret_box = std::make_shared<const store::SecretBox>(std::move(*opened_box));
    services::WebhookService webhooks(std::move(*webhook_db), *secret_box, event_log, api::unix_time_ms,
                                      {std::chrono::milliseconds(options.webhook_retry_base_ms), 8});
    if (auto caught_up = webhooks.catch_up(); !caught_up) return fail(caught_up.error());
    event_log.add_sink([&webhooks](const model::EventEnvelope& event) { webhooks.on_event(event); });
    services::WebhookDispatcher dispatcher(webhooks);
    webhooks.set_wake([&dispatcher] { dispatcher.wake(); });
    dispatcher.start();
    api::WebhookRoutes webhook_routes(webhooks);
    api::EventTickets tickets;
    asio::io_context io;
    api::HttpServerConfig http_config;
    http_config.host = options.host;
    http_config.port = options.port;
    http_config.web_root = web_root;
    http_config.max_connections = connection_limit(options, process);
    http_config.allowed_origins = options.allowed_origins;
    http_config.max_body_bytes = api::kMaxMediaBytes + (std::size_t{2} << 20);  // uploads; routes cap each
    // The simulator first: sessions resumed below connect to it.
    std::shared_ptr<wasim::Simulator> simulator;
    if (options.demo) {
        auto started = start_demo_simulator(io, options);
        if (!started) return fail(started.error());
        simulator = std::move(*started);
    }
    auto endpoint = session_endpoint(options, simulator.get());
    if (!endpoint) return fail(endpoint.error());
    services::SessionServiceConfig session_config{options.data_dir / "sessions", std::move(*endpoint),
                                                  secret_box};
    session_config.keepalive = std::chrono::milliseconds(options.keepalive_ms);
    session_config.max_missed_pings = static_cast<int>(options.max_missed_pings);
    session_config.iq_timeout = std::chrono::milliseconds(options.iq_timeout_ms);
    services::SessionService sessions(
        io, *db, std::move(session_config),
        [&event_log](const model::EventEnvelope& event) { event_log.publish(event); }, api::unix_time_ms);
    api::SessionRoutes session_routes(sessions, demo_scan_with(simulator));
    session_routes.set_demo_link_code(demo_link_code_with(simulator));
    // Messages on their own connection to the same database (WAL): their writes never wait for the sessions'.
    auto messages_db = store::Database::open(options.data_dir / "wagw.db");
    if (!messages_db) return fail(messages_db.error());
    services::MessageService messages(
        io, std::move(*messages_db), sessions,
        [&event_log](const model::EventEnvelope& event) { event_log.publish(event); }, api::unix_time_ms);
    sessions.observe_clients(
        [&messages](const std::string& id, const std::shared_ptr<wa::client::WaClient>& client,
                    const wa::client::ClientEvent& event) { messages.on_client_event(id, client, event); });
    api::MessageRoutes message_routes(messages);

    // API keys keep their own connection: requests check keys from every I/O thread.
    auto keys_db = store::Database::open(options.data_dir / "wagw.db");
    if (!keys_db) return fail(keys_db.error());
    auto api_keys =
        services::ApiKeys::load(std::move(*keys_db), *admin_key, api::unix_time_ms,
                                [&sessions](const std::string& id) { return sessions.get(id).ok(); });
    if (!api_keys) return fail(api_keys.error());
    api::KeyRoutes key_routes(**api_keys);
    auto check_key = [keys = api_keys->get()](std::string_view key) { return keys->authenticate(key); };

    // Media: its own connection (the store runs on worker threads), disk work on one thread, fetches on two.
    auto media_db = store::Database::open(options.data_dir / "wagw.db");
    if (!media_db) return fail(media_db.error());
    auto media_store = services::MediaStore::open(std::move(*media_db), options.data_dir / "media",
                                                  options.media_cache_mb << 20, options.media_max_mb << 20);
    if (!media_store) return fail(media_store.error());
    services::WorkQueue media_disk(1);
    services::WorkQueue media_fetches(2);
    services::MediaFetchOptions fetch_options;
    fetch_options.addresses.allow_private = options.media_allow_private;
    fetch_options.addresses.allowed_addresses = options.media_allowed_addresses;
    services::MediaFetcher media_fetcher(**media_store, media_fetches, fetch_options);
    messages.set_media(
        [&store = **media_store](const std::string& session, const std::string& id) {
            return store.info(session, id).ok();
        },
        [&store = **media_store](const std::string& session,
                                 const std::string& id) -> Result<services::OpenedMedia> {
            auto blob = store.open(session, id);
            if (!blob) return blob.error();
            return services::OpenedMedia{std::move(blob->bytes), blob->info.mimetype, blob->info.file_name};
        });
    message_routes.set_media_fetcher(&media_fetcher, (**media_store).max_file_bytes());
    api::MediaRoutes media_routes(**media_store, media_fetcher, media_disk,
                                  [&sessions](const std::string& id) { return sessions.get(id).ok(); });

    // Templates: their own connection (HTTP handlers on every I/O thread).
    auto templates_db = store::Database::open(options.data_dir / "wagw.db");
    if (!templates_db) return fail(templates_db.error());
    services::TemplateService templates(std::move(*templates_db), api::unix_time_ms);
    api::TemplateRoutes template_routes(templates);

    services::Metrics metrics;
    metrics.gauge("wagw_sessions", "Sessions by state", [&sessions] {
        std::map<std::string, double> by_state;
        for (auto state : {"stopped", "starting", "scan_qr", "pairing_code", "connecting", "connected",
                           "reconnecting", "logged_out", "failed"})
            by_state[state] = 0;
        if (auto all = sessions.list()) {
            for (const auto& session : *all) by_state[std::string(model::state_name(session.state))] += 1;
        }
        services::GaugeSamples samples;
        for (const auto& [state, count] : by_state) samples.push_back({{{"state", state}}, count});
        return samples;
    });
    metrics.gauge("wagw_event_sockets", "Open /api/events WebSocket connections", [&events] {
        return services::GaugeSamples{{{}, static_cast<double>(events.subscriber_count())}};
    });

    api::HttpServerDeps deps{health, events, check_key, tickets};
    deps.metrics = &metrics;
    deps.event_log = &event_log;
    deps.plain_routes = [&session_routes, &key_routes, &webhook_routes, &message_routes, &media_routes](
                            api::RouteId id, const api::PlainRequest& request, api::Respond respond) {
        if (api::MediaRoutes::handles(id)) return media_routes.handle(id, request, std::move(respond));
        if (id == api::RouteId::KeyCreate || id == api::RouteId::KeyList || id == api::RouteId::KeyDelete)
            return key_routes.handle(id, request, std::move(respond));
        if (api::WebhookRoutes::handles(id)) return webhook_routes.handle(id, request, std::move(respond));
        if (api::MessageRoutes::handles(id)) return message_routes.handle(id, request, std::move(respond));
        session_routes.handle(id, request, std::move(respond));
    };
    // Templates in front of the others, wrapped rather than added to the list above (merges stay simple).
    deps.plain_routes = [&template_routes, others = std::move(deps.plain_routes)](
                            api::RouteId id, const api::PlainRequest& request, api::Respond respond) {
        if (api::TemplateRoutes::handles(id)) return template_routes.handle(id, request, std::move(respond));
        others(id, request, std::move(respond));
    };
    api::HttpServer server(io, http_config, deps);
    if (auto opened = server.open(); !opened) return fail(opened.error());
    if (auto resumed = sessions.resume(); !resumed) return fail(resumed.error());

    asio::signal_set stop_signals(io, SIGINT, SIGTERM);
    // Clients get a moment to close their connections politely before the loop ends.
    asio::steady_timer stopping(io);
    stop_signals.async_wait([&](const std::error_code&, int) {
        server.close();
        messages.shutdown();
        sessions.shutdown();
        stopping.expires_after(std::chrono::milliseconds(300));
        stopping.async_wait([&](const std::error_code&) {
            if (simulator) simulator->stop();
            io.stop();
        });
    });

    std::printf("wagw %s\n", WAGW_VERSION);
    std::printf("  database:  %s (schema version %d)\n", (options.data_dir / "wagw.db").c_str(), *version);
    std::printf("  dashboard: http://%s:%u/\n", browser_host(options.host).c_str(), options.port);
    if (!std::filesystem::is_regular_file(web_root / "index.html", ec)) {
        std::printf("  note: the dashboard is not built in %s (run ./tools/build)\n", web_root.c_str());
    }
    if (simulator) {
        const auto demo_dir = options.data_dir / "demo-whatsapp";
        std::printf("  demo:      WhatsApp simulator on %s (data in %s)\n",
                    simulator->websocket_url().c_str(), demo_dir.c_str());
        std::printf(
            "             link a client: wagw client link --server %s --trust-root %s --tls-cert %s\n",
            simulator->websocket_url().c_str(), (demo_dir / "root.pub").c_str(),
            (demo_dir / "cert.pem").c_str());
        std::printf("             control API token (Authorization: Bearer, also in %s): %s\n",
                    (demo_dir / "admin-token").c_str(), simulator->admin_token().c_str());
    }
    if (*new_admin_key) {
        std::printf("  admin API key (shown only now, keep it safe): %s\n", new_admin_key->value().c_str());
    }
    std::fflush(stdout);

    std::vector<std::thread> workers;
    for (unsigned i = 1; i < options.threads; ++i) workers.emplace_back([&io] { run_event_loop(io); });
    run_event_loop(io);
    for (auto& worker : workers) worker.join();
    std::printf("wagw stopped\n");
    return 0;
}

}  // namespace wagw::app
