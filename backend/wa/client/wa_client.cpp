#include "backend/wa/client/wa_client.hpp"

#include <asio/post.hpp>
#include <asio/strand.hpp>

namespace wagw::wa::client {

WaClient::WaClient(asio::io_context& io, WaClientOptions options, EventHandler on_event)
    : io_(io),
      strand_(asio::make_strand(io)),
      options_(std::move(options)),
      on_event_(std::move(on_event)),
      iqs_("wagw-"),
      device_cache_({options_.device_cache_ttl, options_.device_cache_max_users}, options_.device_cache_clock),
      iq_timer_(strand_),
      handshake_timer_(strand_),
      reconnect_timer_(strand_),
      keepalive_timer_(strand_),
      qr_timer_(strand_),
      backoff_(options_.backoff),
      random_(std::random_device{}()) {}

WaClient::~WaClient() = default;

Result<std::shared_ptr<WaClient>> WaClient::create(asio::io_context& io, WaClientOptions options,
                                                   EventHandler on_event) {
    if (!options.secret_box) return Error{"no_secret_box", "WaClient needs the master key's SecretBox"};
    std::shared_ptr<WaClient> client(new WaClient(io, std::move(options), std::move(on_event)));
    auto db = store::Database::open(client->options_.database_file);
    if (!db) return db.error();
    client->db_ = std::make_unique<store::Database>(std::move(*db));
    auto devices = DeviceStore::open(*client->db_, *client->options_.secret_box);
    if (!devices) return devices.error();
    client->devices_.emplace(std::move(*devices));
    if (auto loaded = client->load_device(); !loaded) return loaded.error();
    return client;
}

// The stored device and its Signal identity; after a wipe this makes a fresh, unlinked one.
Status WaClient::load_device() {
    auto device = devices_->load_or_create(options_.account);
    if (!device) return device.error();
    device_ = std::move(*device);
    if (!device_.push_name.empty() && options_.payload.push_name.empty())
        options_.payload.push_name = device_.push_name;
    auto account = signal::SignalAccount::open(*db_, *options_.secret_box, device_.signal_account);
    if (!account) return account.error();
    signal_ = std::move(*account);
    auto identity = signal_->ensure_identity();
    if (!identity) return identity.error();
    identity_ = *identity;
    auto log = MessageLog::open(*db_, *options_.secret_box, options_.account);
    if (!log) return log.error();
    message_log_.emplace(std::move(*log));
    auto sender_keys = SenderKeyMemory::open(*db_, options_.account);
    if (!sender_keys) return sender_keys.error();
    sender_keys_sent_.emplace(std::move(*sender_keys));
    lid_for_pn_.clear();
    if (auto lids = devices_->lids(options_.account)) {
        for (const auto& [pn, lid] : *lids) lid_for_pn_[pn] = binary::Jid{lid, "lid", std::nullopt, 0, 0};
    }
    auto names = devices_->contact_push_names(options_.account);
    push_names_ = names ? std::move(*names) : std::map<std::string, std::string>{};
    return ok_status();
}

void WaClient::emit(ClientEvent event) {
    if (on_event_) on_event_(event);
}

void WaClient::start() {
    asio::post(strand_, [self = shared_from_this()] {
        if (self->running_) return;
        self->running_ = true;
        self->backoff_.reset();
        self->open_connection();
    });
}

void WaClient::stop() {
    asio::post(strand_, [self = shared_from_this()] {
        if (!self->running_) return;
        self->running_ = false;
        self->reconnect_timer_.cancel();
        self->end_connection(DisconnectReason{DisconnectKind::user_request, "", "stopped by the owner"});
    });
}

}  // namespace wagw::wa::client
