#include "fake_server.hpp"

#include <asio/post.hpp>

#include <wa/proto/client_payload.pb.h>

#include "backend/wa/binary/frame_payload.hpp"
#include "backend/wa/noise/initiator.hpp"
#include "backend/wa/pairing/adv_identity.hpp"

namespace wagw::wa::test {

using binary::Children;
using binary::Node;

namespace {

binary::Jid server_jid() { return binary::Jid{"", "s.whatsapp.net", std::nullopt, 0, 0}; }
std::string text(const Node& node, const char* key) {
    const std::string* value = node.attr_text(key);
    return value ? *value : std::string();
}

}  // namespace

struct FakeWhatsAppServer::Connection {
    std::shared_ptr<transport::WebSocketConnection> socket;
    transport::FrameDecoder decoder{transport::FrameDecoder::Role::server};
    std::optional<noise::NoiseResponder> responder;
    std::optional<noise::TransportCipher> cipher;
    signal::PublicKey client_static{};
    bool registering = false;
};

FakeWhatsAppServer::FakeWhatsAppServer(asio::io_context& io)
    : io_(io),
      authority_(signal::KeyPair::generate()),
      server_static_(signal::KeyPair::generate()),
      phone_identity_(signal::KeyPair::generate()) {
    transport::ServerOptions options;
    auto server = transport::WebSocketServer::start(io, options, [this](auto socket) { on_accept(std::move(socket)); });
    if (server) server_ = *server;
}

FakeWhatsAppServer::~FakeWhatsAppServer() {
    if (server_) server_->stop();
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    for (auto& c : connections_) c->socket->close();
}

std::string FakeWhatsAppServer::url() const { return "ws://127.0.0.1:" + std::to_string(server_->port()) + "/ws/chat"; }

void FakeWhatsAppServer::on_accept(std::shared_ptr<transport::WebSocketConnection> socket) {
    auto c = std::make_shared<Connection>();
    c->socket = socket;
    auto chain = authority_.issue_chain(server_static_.public_key, noise::system_unix_time());
    c->responder.emplace(server_static_, *chain);
    {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
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
                       std::lock_guard<std::recursive_mutex> lock(mutex_);
                       auto c = weak.lock();
                       std::erase(connections_, c);
                   }});
}

void FakeWhatsAppServer::on_frame(const std::shared_ptr<Connection>& c, const transport::Bytes& frame) {
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
    Node reply{"iq", {{"from", server_jid()}, {"type", std::string("result")}, {"id", text(request, "id")}}, {}};
    if (!content.empty()) reply.content = std::move(content);
    send(c, reply);
}

void FakeWhatsAppServer::on_payload(const std::shared_ptr<Connection>& c, const std::string& bytes) {
    proto::ClientPayload payload;
    payload.ParseFromString(bytes);
    if (payload.has_devicepairingdata()) {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        ++registrations_;
        c->registering = true;
        std::copy_n(payload.devicepairingdata().eident().begin(), 32, companion_identity_.begin());
        Children refs;
        for (int i = 0; i < 3; ++i) refs.push_back(Node{"ref", {}, std::string("ref-") + std::to_string(i)});
        Node pair_device{"pair-device", {}, std::move(refs)};
        send(c, Node{"iq", {{"from", server_jid()}, {"type", std::string("set")}, {"id", std::string("pd-1")},
                            {"xmlns", std::string("md")}}, Children{pair_device}});
        return;
    }
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    bool known = paired_noise_key_ && *paired_noise_key_ == c->client_static && !removed_ &&
                 payload.username() == 15551234567ULL && payload.device() == 7;
    if (!known) {
        send(c, Node{"failure", {{"reason", std::string("401")}}, {}});
        return;
    }
    ++logins_;
    send(c, Node{"success", {{"t", std::string("1700000000")}, {"lid", *binary::parse_jid(phone_lid)}}, {}});
}

void FakeWhatsAppServer::scan(const std::string& qr, bool tamper) {
    asio::post(io_, [this, qr, tamper] {
        auto code = pairing::parse_qr_code(qr);
        if (!code) return;
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        for (auto& c : connections_) {
            if (!c->registering || c->client_static != code->noise_public) continue;
            pairing::AdvSecret secret = code->adv_secret;
            if (tamper) secret[0] ^= 1;
            pairing::DeviceIdentityDetails details{42, 1700000000, 7, false};
            auto hmac = pairing::sign_companion_identity(phone_identity_, code->identity_public, secret, details);
            pair_success_id_ = "ps-1";
            Node success{"pair-success", {}, Children{
                Node{"device-identity", {{"key-index", std::string("7")}}, *hmac},
                Node{"platform", {{"name", std::string("android")}}, {}},
                Node{"device", {{"jid", *binary::parse_jid(phone_jid)}, {"lid", *binary::parse_jid(phone_lid)}}, {}}}};
            send(c, Node{"iq", {{"from", server_jid()}, {"type", std::string("set")}, {"id", pair_success_id_}},
                         Children{success}});
        }
    });
}

void FakeWhatsAppServer::push(const Node& node) {
    asio::post(io_, [this, node] {
        std::lock_guard<std::recursive_mutex> lock(mutex_);
        for (auto& c : connections_) {
            if (c->cipher) send(c, node);
        }
    });
}

void FakeWhatsAppServer::on_node(const std::shared_ptr<Connection>& c, const Node& node) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    if (node.tag != "iq") return;
    std::string type = text(node, "type");
    std::string xmlns = text(node, "xmlns");
    if (text(node, "id") == pair_success_id_ && !pair_success_id_.empty()) {
        pair_success_id_.clear();
        if (type == "error") {
            const Node* error = node.child("error");
            pair_errors_.push_back(error ? text(*error, "code") + " " + text(*error, "text") : "?");
            return;
        }
        const Node* sign = node.child("pair-device-sign");
        const Node* identity = sign ? sign->child("device-identity") : nullptr;
        if (identity == nullptr || identity->bytes() == nullptr) return;
        auto verified = pairing::verify_device_signature(*identity->bytes(), phone_identity_.public_key, companion_identity_);
        device_signature_ok_ = verified.ok();
        if (verified) paired_noise_key_ = c->client_static;
        send(c, Node{"stream:error", {{"code", std::string("515")}}, {}});
        c->socket->close();
        return;
    }
    if (type == "result" || type == "error") return;
    if (xmlns == "encrypt" && node.child("count")) {
        result(c, node, Children{Node{"count", {{"value", std::to_string(pre_keys_)}}, {}}});
    } else if (xmlns == "encrypt" && node.child("list")) {
        pre_keys_ += static_cast<int>(node.child("list")->children()->size());
        result(c, node);
    } else if (xmlns == "w:p") {
        if (answer_pings_) result(c, node);
    } else if (xmlns == "md" && node.child("remove-companion-device")) {
        removed_ = true;
        result(c, node);
        send(c, Node{"stream:error", {{"code", std::string("401")}},
                     Children{Node{"conflict", {{"type", std::string("device_removed")}}, {}}}});
    } else {
        result(c, node);
    }
}

int FakeWhatsAppServer::logins() const { std::lock_guard<std::recursive_mutex> lock(mutex_); return logins_; }
int FakeWhatsAppServer::registrations() const { std::lock_guard<std::recursive_mutex> lock(mutex_); return registrations_; }
int FakeWhatsAppServer::pre_keys_uploaded() const { std::lock_guard<std::recursive_mutex> lock(mutex_); return pre_keys_; }
bool FakeWhatsAppServer::device_signature_verified() const { std::lock_guard<std::recursive_mutex> lock(mutex_); return device_signature_ok_; }
std::vector<std::string> FakeWhatsAppServer::pair_errors() const { std::lock_guard<std::recursive_mutex> lock(mutex_); return pair_errors_; }
bool FakeWhatsAppServer::removed_companion() const { std::lock_guard<std::recursive_mutex> lock(mutex_); return removed_; }

}  // namespace wagw::wa::test
