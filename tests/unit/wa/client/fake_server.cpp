#include "fake_server.hpp"

#include <asio/post.hpp>

#include <wa/proto/client_payload.pb.h>

#include "backend/wa/binary/frame_payload.hpp"
#include "backend/wa/noise/initiator.hpp"
#include "backend/wa/pairing/adv_identity.hpp"
#include "backend/wa/stanza/message_stanza.hpp"

namespace wagw::wa::test {

using binary::Children;
using binary::Jid;
using binary::Node;
using Lock = std::lock_guard<std::recursive_mutex>;

namespace {

Jid server_jid() {
    return Jid{"", "s.whatsapp.net", std::nullopt, 0, 0};
}
std::string text(const Node& node, const char* key) {
    const std::string* value = node.attr_text(key);
    return value ? *value : std::string();
}
Jid pn_device(const std::string& phone, std::uint16_t id) {
    return Jid{phone, "s.whatsapp.net", id, 0, 0};
}
Jid lid_device(const std::string& phone, std::uint16_t id) {
    return Jid{FakeWhatsAppServer::lid_user(phone), "lid", id, 0, 0};
}
binary::Bytes bytes_of(const Node* node) {
    return node && node->bytes() ? *node->bytes() : binary::Bytes{};
}

}  // namespace

struct FakeWhatsAppServer::Connection {
    std::shared_ptr<transport::WebSocketConnection> socket;
    transport::FrameDecoder decoder{transport::FrameDecoder::Role::server};
    std::optional<noise::NoiseResponder> responder;
    std::optional<noise::TransportCipher> cipher;
    signal::PublicKey client_static{};
    bool registering = false;
    signal::PublicKey companion_identity{};
    // Pairing in progress: which account and device number the pair-success offered.
    std::string pairing_phone;
    std::uint16_t pairing_device = 0;
    std::string pair_success_id;
    Device* device = nullptr;  // logged in as
};

FakeWhatsAppServer::FakeWhatsAppServer(asio::io_context& io)
    : io_(io), authority_(signal::KeyPair::generate()), server_static_(signal::KeyPair::generate()) {
    devices_.reserve(64);  // Connection::device points into it
    transport::ServerOptions options;
    auto server =
        transport::WebSocketServer::start(io, options, [this](auto socket) { on_accept(std::move(socket)); });
    if (server) server_ = *server;
}

FakeWhatsAppServer::~FakeWhatsAppServer() {
    if (server_) server_->stop();
    Lock lock(mutex_);
    for (auto& c : connections_) c->socket->close();
}

std::string FakeWhatsAppServer::url() const {
    return "ws://127.0.0.1:" + std::to_string(server_->port()) + "/ws/chat";
}

void FakeWhatsAppServer::on_accept(std::shared_ptr<transport::WebSocketConnection> socket) {
    auto c = std::make_shared<Connection>();
    c->socket = socket;
    auto chain = authority_.issue_chain(server_static_.public_key, noise::system_unix_time());
    c->responder.emplace(server_static_, *chain);
    {
        Lock lock(mutex_);
        connections_.push_back(c);
    }
    std::weak_ptr<Connection> weak = c;
    socket->start({[this, weak](transport::Bytes message) {
                       auto c = weak.lock();
                       if (!c) return;
                       std::vector<transport::Bytes> frames;
                       if (!c->decoder.feed(message, frames)) return c->socket->close();
                       for (auto& frame : frames) on_frame(c, frame);
                   },
                   [this, weak](const transport::CloseEvent&) {
                       Lock lock(mutex_);
                       auto c = weak.lock();
                       std::erase(connections_, c);
                   }});
}

void FakeWhatsAppServer::on_frame(const std::shared_ptr<Connection>& c, const transport::Bytes& frame) {
    Lock lock(mutex_);
    if (!c->cipher) {
        if (auto hello = c->responder->on_client_hello(frame)) {
            (void)c->socket->send(*transport::encode_frame(*hello));
            return;
        }
        auto finish = c->responder->on_client_finish(frame);
        if (!finish) return c->socket->close();
        c->client_static = finish->client_static;
        c->cipher.emplace(std::move(finish->cipher));
        on_payload(c, std::string(finish->client_payload.begin(), finish->client_payload.end()));
        return;
    }
    auto plain = c->cipher->decrypt(frame);
    if (!plain) return c->socket->close();
    auto node = binary::decode_frame_payload(*plain);
    if (node) on_node(c, *node);
}

void FakeWhatsAppServer::send(const std::shared_ptr<Connection>& c, const Node& node) {
    auto payload = binary::encode_frame_payload(node);
    auto sealed = c->cipher->encrypt(*payload);
    (void)c->socket->send(*transport::encode_frame(*sealed));
}

void FakeWhatsAppServer::result(const std::shared_ptr<Connection>& c, const Node& request, Children content) {
    Node reply{
        "iq", {{"from", server_jid()}, {"type", std::string("result")}, {"id", text(request, "id")}}, {}};
    if (!content.empty()) reply.content = std::move(content);
    send(c, reply);
}

FakeWhatsAppServer::Device* FakeWhatsAppServer::find_device(const Jid& jid) {
    for (Device& d : devices_) {
        bool user_matches = jid.user == d.phone || jid.user == lid_user(d.phone);
        if (user_matches && jid.device.value_or(0) == d.id && !d.removed) return &d;
    }
    return nullptr;
}

std::shared_ptr<FakeWhatsAppServer::Connection> FakeWhatsAppServer::connection_of(const Device& device) {
    for (auto& c : connections_) {
        if (c->device == &device) return c;
    }
    return nullptr;
}

void FakeWhatsAppServer::on_payload(const std::shared_ptr<Connection>& c, const std::string& bytes) {
    proto::ClientPayload payload;
    payload.ParseFromString(bytes);
    if (payload.has_devicepairingdata()) {
        ++registrations_;
        c->registering = true;
        std::copy_n(payload.devicepairingdata().eident().begin(), 32, c->companion_identity.begin());
        Children refs;
        for (int i = 0; i < 3; ++i) refs.push_back(Node{"ref", {}, std::string("ref-") + std::to_string(i)});
        send(c, Node{"iq",
                     {{"from", server_jid()},
                      {"type", std::string("set")},
                      {"id", std::string("pd-1")},
                      {"xmlns", std::string("md")}},
                     Children{Node{"pair-device", {}, std::move(refs)}}});
        return;
    }
    for (Device& d : devices_) {
        if (d.noise_key == c->client_static && !d.removed && payload.username() == std::stoull(d.phone) &&
            payload.device() == d.id) {
            ++logins_;
            c->device = &d;
            send(c,
                 Node{"success", {{"t", std::string("1700000000")}, {"lid", lid_device(d.phone, d.id)}}, {}});
            return;
        }
    }
    send(c, Node{"failure", {{"reason", std::string("401")}}, {}});
}

void FakeWhatsAppServer::scan(const std::string& qr, bool tamper, const std::string& phone) {
    asio::post(io_, [this, qr, tamper, phone] {
        auto code = pairing::parse_qr_code(qr);
        if (!code) return;
        Lock lock(mutex_);
        auto [account, fresh] = phones_.try_emplace(phone, signal::KeyPair::generate());
        std::uint16_t next = 7;
        for (const Device& d : devices_) {
            if (d.phone == phone) next = std::max<std::uint16_t>(next, static_cast<std::uint16_t>(d.id + 1));
        }
        for (auto& c : connections_) {
            if (!c->registering || c->client_static != code->noise_public) continue;
            pairing::AdvSecret secret = code->adv_secret;
            if (tamper) secret[0] ^= 1;
            pairing::DeviceIdentityDetails details{42, 1700000000, next, false};
            auto hmac =
                pairing::sign_companion_identity(account->second, code->identity_public, secret, details);
            c->pairing_phone = phone;
            c->pairing_device = next;
            c->pair_success_id = "ps-" + std::to_string(next);
            Node success{
                "pair-success",
                {},
                Children{
                    Node{"device-identity", {{"key-index", std::to_string(next)}}, *hmac},
                    Node{"platform", {{"name", std::string("android")}}, {}},
                    Node{"device", {{"jid", pn_device(phone, next)}, {"lid", lid_device(phone, next)}}, {}}}};
            send(c, Node{"iq",
                         {{"from", server_jid()}, {"type", std::string("set")}, {"id", c->pair_success_id}},
                         Children{success}});
        }
    });
}

void FakeWhatsAppServer::push(const Node& node) {
    asio::post(io_, [this, node] {
        Lock lock(mutex_);
        for (auto& c : connections_) {
            if (c->cipher) send(c, node);
        }
    });
}

std::string FakeWhatsAppServer::notify_devices(const std::string& phone, std::uint16_t device, bool added) {
    const std::string id = "dev-" + phone + "." + std::to_string(device) + (added ? "-added" : "-removed");
    asio::post(io_, [this, phone, device, added, id] {
        Lock lock(mutex_);
        if (!added) {
            for (Device& d : devices_)
                if (d.phone == phone && d.id == device) d.removed = true;
        }
        Node notification{
            "notification",
            {{"from", Jid{phone, "s.whatsapp.net", std::nullopt, 0, 0}},
             {"lid", Jid{lid_user(phone), "lid", std::nullopt, 0, 0}},
             {"type", std::string("devices")},
             {"id", id},
             {"t", std::string("1700000003")}},
            Children{Node{added ? "add" : "remove", {},
                          Children{Node{"device", {{"jid", pn_device(phone, device)}, {"key-index", std::string("1")}},
                                        {}}}}}};
        for (auto& c : connections_) {
            if (c->cipher) send(c, notification);
        }
    });
    return id;
}

void FakeWhatsAppServer::on_node(const std::shared_ptr<Connection>& c, const Node& node) {
    if (node.tag == "iq") return on_iq(c, node);
    if (node.tag == "message") return on_message(c, node);
    if (node.tag == "receipt") return on_receipt(c, node);
    if (node.tag == "ack" && text(node, "class") == "notification" && c->device) {
        Lock lock(mutex_);
        notification_acks_.push_back(pn_device(c->device->phone, c->device->id).to_string() + " " + text(node, "id"));
    }
    if (node.tag == "ack" && text(node, "class") == "message" && !text(node, "error").empty()) {
        Lock lock(mutex_);
        message_nacks_.push_back(text(node, "id") + " " + text(node, "error"));
    }
}

void FakeWhatsAppServer::on_iq(const std::shared_ptr<Connection>& c, const Node& node) {
    std::string type = text(node, "type");
    std::string xmlns = text(node, "xmlns");
    if (!c->pair_success_id.empty() && text(node, "id") == c->pair_success_id) {
        c->pair_success_id.clear();
        if (type == "error") {
            const Node* error = node.child("error");
            pair_errors_.push_back(error ? text(*error, "code") + " " + text(*error, "text") : "?");
            return;
        }
        const Node* sign = node.child("pair-device-sign");
        const Node* identity = sign ? sign->child("device-identity") : nullptr;
        if (identity == nullptr || identity->bytes() == nullptr) return;
        auto verified = pairing::verify_device_signature(
            *identity->bytes(), phones_.at(c->pairing_phone).public_key, c->companion_identity);
        device_signature_ok_ = verified.ok();
        if (verified) {
            Device device;
            device.phone = c->pairing_phone;
            device.id = c->pairing_device;
            device.noise_key = c->client_static;
            devices_.push_back(std::move(device));
        }
        send(c, Node{"stream:error", {{"code", std::string("515")}}, {}});
        c->socket->close();
        return;
    }
    if ((type == "result" || type == "error") && text(node, "id").rfind("srv-", 0) == 0) {
        const Node* error = node.child("error");
        server_iq_replies_.push_back(text(node, "id") + " " + type +
                                     (error ? " " + text(*error, "code") : ""));
        return;
    }
    if (type == "result" || type == "error") return;
    Device* self = c->device;
    if (xmlns == "encrypt" && node.child("count") && self) {
        result(c, node, Children{Node{"count", {{"value", std::to_string(self->pre_keys.size())}}, {}}});
    } else if (xmlns == "encrypt" && node.child("list") && self) {
        self->registration = bytes_of(node.child("registration"));
        self->identity = bytes_of(node.child("identity"));
        self->skey = *node.child("skey");
        for (const Node& key : *node.child("list")->children()) self->pre_keys.push_back(key);
        pre_keys_ += static_cast<int>(node.child("list")->children()->size());
        result(c, node);
    } else if (xmlns == "encrypt" && node.child("rotate") && self) {
        self->skey = *node.child("rotate")->child("skey");
        ++rotations_;
        result(c, node);
    } else if (xmlns == "encrypt" && node.child("key")) {
        Children users;
        for (const Node& user : *node.child("key")->children()) {
            const Jid* jid = user.attr_jid("jid");
            Device* target = jid ? find_device(*jid) : nullptr;
            if (target == nullptr || !target->skey) {
                users.push_back(Node{
                    "user", {{"jid", *jid}}, Children{Node{"error", {{"code", std::string("404")}}, {}}}});
                continue;
            }
            Children fields{Node{"registration", {}, target->registration},
                            Node{"type", {}, binary::Bytes{5}}, Node{"identity", {}, target->identity},
                            *target->skey};
            if (!target->pre_keys.empty()) {
                fields.push_back(target->pre_keys.front());
                target->pre_keys.erase(target->pre_keys.begin());
            }
            users.push_back(Node{"user", {{"jid", *jid}}, std::move(fields)});
        }
        result(c, node, Children{Node{"list", {}, std::move(users)}});
    } else if (xmlns == "usync") {
        ++usyncs_;
        Children users;
        for (const Node& user : *node.child("usync")->child("list")->children()) {
            const Jid* jid = user.attr_jid("jid");
            Children devices;
            for (const Device& d : devices_) {
                if (d.phone == jid->user && !d.removed) {
                    devices.push_back(Node{
                        "device", {{"id", std::to_string(d.id)}, {"key-index", std::to_string(d.id)}}, {}});
                }
            }
            users.push_back(Node{
                "user",
                {{"jid", *jid}},
                Children{Node{"devices", {}, Children{Node{"device-list", {}, std::move(devices)}}},
                         Node{"lid", {{"val", Jid{lid_user(jid->user), "lid", std::nullopt, 0, 0}}}, {}}}});
        }
        result(c, node, Children{Node{"usync", {}, Children{Node{"list", {}, std::move(users)}}}});
    } else if (xmlns == "w:p") {
        if (answer_pings_) result(c, node);
    } else if (xmlns == "md" && node.child("remove-companion-device")) {
        removed_ = true;
        if (self) self->removed = true;
        result(c, node);
        send(c, Node{"stream:error",
                     {{"code", std::string("401")}},
                     Children{Node{"conflict", {{"type", std::string("device_removed")}}, {}}}});
    } else {
        result(c, node);
    }
}

void FakeWhatsAppServer::on_message(const std::shared_ptr<Connection>& c, const Node& node) {
    auto outgoing = stanza::parse_outgoing_message(node);
    Device* sender = c->device;
    if (!outgoing || sender == nullptr) return;
    auto& addressed = addressed_[outgoing->id];
    addressed.clear();
    for (const stanza::DeviceEnc& copy : outgoing->participants) addressed.push_back(copy.device.to_string());
    if (ack_messages_) {
        Node ack{"ack",
                 {{"class", std::string("message")},
                  {"id", outgoing->id},
                  {"from", outgoing->to},
                  {"t", std::string("1700000001")}},
                 {}};
        if (!ack_phash_.empty()) ack.attrs.push_back({"phash", ack_phash_});
        send(c, ack);
    }
    for (const stanza::DeviceEnc& copy : outgoing->participants) {
        Device* target = find_device(copy.device);
        auto connection = target ? connection_of(*target) : nullptr;
        if (!connection) continue;
        ++messages_;
        stanza::DeliveredMessage delivered;
        delivered.id = delivered_id_.empty() ? outgoing->id : delivered_id_;
        delivered.from = lid_device(sender->phone, sender->id);
        delivered.sender_pn = pn_device(sender->phone, sender->id);
        if (target->phone == sender->phone) delivered.recipient = outgoing->to;
        delivered.type = outgoing->type;
        delivered.timestamp = 1700000001;
        delivered.push_name = "Sender " + sender->phone;
        delivered.encs = {copy.enc};
        send(connection, stanza::build_delivered_message(delivered));
    }
}

void FakeWhatsAppServer::on_receipt(const std::shared_ptr<Connection>& c, const Node& node) {
    const Jid* to = node.attr_jid("to");
    Device* target = to ? find_device(*to) : nullptr;
    auto connection = target ? connection_of(*target) : nullptr;
    if (!connection || c->device == nullptr) return;
    Node routed{"receipt",
                {{"from", lid_device(c->device->phone, c->device->id)},
                 {"id", text(node, "id")},
                 {"t", std::string("1700000002")}},
                {}};
    if (std::string type = text(node, "type"); !type.empty()) routed.attrs.push_back({"type", type});
    send(connection, routed);
}

int FakeWhatsAppServer::logins() const {
    Lock lock(mutex_);
    return logins_;
}
int FakeWhatsAppServer::registrations() const {
    Lock lock(mutex_);
    return registrations_;
}
int FakeWhatsAppServer::pre_keys_uploaded() const {
    Lock lock(mutex_);
    return pre_keys_;
}
bool FakeWhatsAppServer::device_signature_verified() const {
    Lock lock(mutex_);
    return device_signature_ok_;
}
std::vector<std::string> FakeWhatsAppServer::pair_errors() const {
    Lock lock(mutex_);
    return pair_errors_;
}
bool FakeWhatsAppServer::removed_companion() const {
    Lock lock(mutex_);
    return removed_;
}
int FakeWhatsAppServer::signed_pre_key_rotations() const {
    Lock lock(mutex_);
    return rotations_;
}
std::vector<std::string> FakeWhatsAppServer::replies_to_server_iqs() const {
    Lock lock(mutex_);
    return server_iq_replies_;
}
std::vector<std::string> FakeWhatsAppServer::message_nacks() const {
    Lock lock(mutex_);
    return message_nacks_;
}
bool FakeWhatsAppServer::acked_notification(const std::string& device, const std::string& id) const {
    Lock lock(mutex_);
    return std::find(notification_acks_.begin(), notification_acks_.end(), device + " " + id) !=
           notification_acks_.end();
}
int FakeWhatsAppServer::usync_queries() const {
    Lock lock(mutex_);
    return usyncs_;
}
std::vector<std::string> FakeWhatsAppServer::devices_addressed(const std::string& id) const {
    Lock lock(mutex_);
    auto found = addressed_.find(id);
    return found == addressed_.end() ? std::vector<std::string>{} : found->second;
}
int FakeWhatsAppServer::messages_routed() const {
    Lock lock(mutex_);
    return messages_;
}

}  // namespace wagw::wa::test
