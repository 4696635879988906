#include "tools/wasim/server/simulator.hpp"

#include <ctime>
#include <filesystem>
#include <iostream>

#include "backend/wa/noise/cert_chain.hpp"
#include "common/util/base64.hpp"
#include "tools/wasim/admin/admin_api.hpp"
#include "tools/wasim/admin/http_boundary.hpp"
#include "tools/wasim/handlers/dispatch.hpp"
#include "tools/wasim/media/media_api.hpp"
#include "tools/wasim/phone/phone_keyring.hpp"
#include "tools/wasim/state/account_store.hpp"
#include "tools/wasim/state/group_store.hpp"
#include "tools/wasim/state/root_key_file.hpp"

namespace wagw::wasim {

// Connections call this on their own strands; every event hops to the simulator's strand.
class Simulator::Sink : public StanzaSink {
public:
    explicit Sink(std::weak_ptr<Simulator> simulator) : simulator_(std::move(simulator)) {}

    void on_hello(std::shared_ptr<ClientConnection> connection, ClientHello hello) override {
        post([connection = std::move(connection), hello = std::move(hello)](SimulatorContext& context) mutable {
            dispatch_hello(context, std::move(connection), std::move(hello));
        });
    }
    void on_stanza(std::shared_ptr<ClientConnection> connection, wa::binary::Node node) override {
        auto simulator = simulator_.lock();
        if (!simulator) return;
        auto work = [id = connection->id(), node = std::move(node)](SimulatorContext& context) {
            dispatch_stanza(context, id, node);
        };
        const std::uint32_t latency = simulator->faults_.latency_ms.load();
        if (latency == 0) return simulator->post(std::move(work));
        simulator->post_after(std::chrono::milliseconds(latency), std::move(work));
    }
    void on_closed(std::shared_ptr<ClientConnection> connection) override {
        post([id = connection->id()](SimulatorContext& context) { dispatch_closed(context, id); });
    }

private:
    void post(std::function<void(SimulatorContext&)> work) {
        if (auto simulator = simulator_.lock()) simulator->post(std::move(work));
    }
    std::weak_ptr<Simulator> simulator_;
};

Simulator::Simulator(asio::io_context& io)
    : io_(io),
      strand_(asio::make_strand(io)),
      context_{accounts_, sessions_, stats_, offline_, phone_inbox_, media_, faults_, groups_, {}, {}, {}, {}} {}

Simulator::~Simulator() = default;

Result<std::shared_ptr<Simulator>> Simulator::start(asio::io_context& io, SimulatorOptions options) {
    std::shared_ptr<Simulator> simulator(new Simulator(io));
    simulator->options_ = options;

    auto root = load_or_create_root_key(options.data_dir);
    if (!root) return root.error();
    simulator->root_public_key_ = root->public_key;
    const wa::noise::CertificateAuthority authority(*root);
    NoiseIdentity identity{signal::KeyPair::generate(), {}};
    auto chain = authority.issue_chain(identity.static_key.public_key, static_cast<std::uint64_t>(std::time(nullptr)));
    if (!chain) return chain.error();
    identity.cert_chain = std::move(*chain);

    if (!options.data_dir.empty()) {
        auto store = AccountStore::open(options.data_dir);
        if (!store) return store.error();
        simulator->store_ = std::move(*store);
        auto loaded = simulator->store_->load_all();
        if (!loaded) return loaded.error();
        for (auto& account : *loaded) simulator->accounts_.restore(std::move(account));
        simulator->context_.on_account_changed = [store = simulator->store_.get()](const Account& account) {
            if (auto saved = store->save(account); !saved)
                std::cerr << "wasim: cannot save account: " << saved.error().message << std::endl;
        };
        auto group_store = GroupStore::open(options.data_dir);
        if (!group_store) return group_store.error();
        simulator->group_store_ = std::move(*group_store);
        auto groups = simulator->group_store_->load_all();
        if (!groups) return groups.error();
        for (auto& group : *groups) simulator->groups_.restore(std::move(group));
        auto media = MediaStore::open_directory(std::filesystem::path(options.data_dir) / "media");
        if (!media) return media.error();
        simulator->media_ = std::move(*media);  // context_ refers to the member, which stays where it is
        simulator->context_.on_group_changed = [store = simulator->group_store_.get()](const Group& group) {
            if (auto saved = store->save(group); !saved)
                std::cerr << "wasim: cannot save group: " << saved.error().message << std::endl;
        };
    }

    auto phone_keyring = PhoneKeyring::open(options.data_dir);
    if (!phone_keyring) return phone_keyring.error();
    simulator->phone_keyring_ = std::move(*phone_keyring);
    simulator->context_.phone_keyring = simulator->phone_keyring_.get();
    simulator->context_.starter_group_subject = options.starter_group_subject;
    simulator->groups_.set_addressing_for_new_groups(options.group_addressing);

    wa::transport::ServerOptions server_options;
    server_options.bind_address = options.bind_address;
    server_options.port = options.port;
    if (!options.plain) {
        if (!options.tls) {
            auto credentials = wa::transport::make_self_signed_certificate();
            if (!credentials) return credentials.error();
            options.tls = std::move(*credentials);
        }
        simulator->certificate_pem_ = options.tls->certificate_pem;
        server_options.tls = options.tls;
    }
    simulator->sink_ = std::make_shared<Sink>(simulator);
    auto admin = std::make_shared<AdminApi>(simulator, options.admin_token);
    auto on_websocket = [sink = simulator->sink_, identity = std::move(identity),
                         stats = &simulator->stats_](std::shared_ptr<wa::transport::WebSocketConnection> socket) {
        std::make_shared<ClientConnection>(std::move(socket), identity, sink, *stats)->start();
    };
    std::weak_ptr<Simulator> weak = simulator;
    auto on_http = [admin, weak](wa::transport::HttpRequest request, wa::transport::HttpResponder respond) {
        if (!is_media_path(request.path())) return admin->handle(std::move(request), std::move(respond));
        auto self = weak.lock();
        if (!self) return respond({503, "text/plain", {}, "stopping"});
        self->post([request = std::move(request), respond = std::move(respond)](SimulatorContext& context) {
            respond(answer_without_throwing(request.method + " " + std::string(request.path()),
                                            [&] { return serve_media(context, request); }));
        });
    };
    auto server = wa::transport::WebSocketServer::start(io, server_options, on_websocket, on_http);
    if (!server) return server.error();
    simulator->server_ = std::move(*server);
    const auto auth_random = signal::KeyPair::generate().public_key;
    simulator->post([host = options.bind_address + ":" + std::to_string(simulator->server_->port()),
                     auth = util::base64_encode(std::span(auth_random).first(24))](SimulatorContext& context) {
        context.media_host = host;
        context.media_auth = auth;
    });
    return simulator;
}

std::uint16_t Simulator::port() const { return server_->port(); }

std::string Simulator::websocket_url() const {
    return std::string(options_.plain ? "ws://" : "wss://") + options_.bind_address + ":" + std::to_string(port()) +
           "/ws/chat";
}

namespace {

// The last line of defence; handlers return errors as values and the control API has its own boundary
// (admin/http_boundary.hpp), so reaching this means a handler needs fixing.
void run_without_throwing(const std::function<void(SimulatorContext&)>& work, SimulatorContext& context) {
    try {
        work(context);
    } catch (const std::exception& error) {
        std::cerr << "wasim: a task on the simulator strand failed: " << error.what() << std::endl;
    } catch (...) {
        std::cerr << "wasim: a task on the simulator strand failed with an unknown exception" << std::endl;
    }
}

}  // namespace

void Simulator::post(std::function<void(SimulatorContext&)> work) {
    asio::post(strand_, [self = shared_from_this(), work = std::move(work)] {
        run_without_throwing(work, self->context_);
    });
}

void Simulator::post_after(std::chrono::milliseconds delay, std::function<void(SimulatorContext&)> work) {
    auto timer = std::make_shared<asio::steady_timer>(strand_, delay);
    timer->async_wait([self = shared_from_this(), timer, work = std::move(work)](const std::error_code& ec) {
        if (!ec) run_without_throwing(work, self->context_);
    });
}

void Simulator::on_faults_changed() {
    if (faults_.drop_fraction_per_second <= 0) {
        fault_timer_.reset();
        return;
    }
    if (!fault_timer_) fault_timer_ = std::make_unique<asio::steady_timer>(strand_);
    fault_timer_->expires_after(std::chrono::seconds(1));
    fault_timer_->async_wait([weak = weak_from_this()](const std::error_code& ec) {
        auto self = weak.lock();
        if (ec || !self) return;
        self->sessions_.drop_fraction(self->faults_.drop_fraction_per_second);
        self->on_faults_changed();
    });
}

void Simulator::stop() {
    if (server_) server_->stop();
    post([](SimulatorContext& context) { context.sessions.close_all(); });
}

}  // namespace wagw::wasim
