// A tiny WhatsApp-like server for the end-to-end test with unmodified Baileys: our transport (wss://, /ws/chat,
// WhatsApp framing with the connection header stripped) carrying the Noise responder from wa/noise, then one
// encrypted stanza each way. It sends a <pair-device> iq, which makes Baileys show a QR code and answer with an
// iq result that we decrypt and decode.
//
//   wa_transport_noise_server CERT_OUT.pem
// prints "LISTENING <port>", then per connection: "UPGRADE origin=<o>", "CLIENT_HELLO", "HANDSHAKE_OK
// payload_bytes=<n>", "NODE <tag> type=<type> id=<id>", "CLOSED clean=<0|1> code=<n>"; exits when stdin closes.
// Sizes and tags only: never payload bytes.
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "backend/wa/binary/frame_payload.hpp"
#include "backend/wa/transport/frame_codec.hpp"
#include "backend/wa/transport/websocket_server.hpp"
#include "backend/wa/noise/cert_chain.hpp"
#include "backend/wa/noise/responder.hpp"

using namespace wagw::wa;
using transport::Bytes;

namespace {

std::mutex print_mutex;
void say(const std::string& line) {
    std::lock_guard lock(print_mutex);
    std::cout << line << std::endl;
}

// Per-connection protocol state; touched only on the connection's strand (from its handlers).
struct Session {
    Session(signal::KeyPair server_static, Bytes chain) : responder(std::move(server_static), std::move(chain)) {}
    transport::FrameDecoder decoder{transport::FrameDecoder::Role::server};
    noise::NoiseResponder responder;
    bool hello_done = false;
    std::optional<noise::TransportCipher> cipher;
};

binary::Node pair_device_iq() {
    binary::Children refs;
    for (int i = 1; i <= 6; ++i) {
        std::string ref = "wagw-test-ref-" + std::to_string(i);
        refs.push_back({"ref", {}, Bytes(ref.begin(), ref.end())});
    }
    binary::Jid server;
    server.server = std::string(binary::servers::kUser);
    return {"iq",
            {{"from", server}, {"id", std::string("pair-1")}, {"type", std::string("set")}, {"xmlns", std::string("md")}},
            binary::Children{binary::Node{"pair-device", {}, std::move(refs)}}};
}

void handle_frame(Session& session, transport::WebSocketConnection& connection, const Bytes& frame) {
    auto fail = [&](const wagw::Error& error) {
        say("ERROR " + error.code + " " + error.message);
        connection.close(transport::close_code::protocol_error, error.code);
    };
    auto send_frame = [&](const Bytes& payload) {
        auto framed = transport::encode_frame(payload);
        if (!framed) return fail(framed.error());
        if (auto sent = connection.send(std::move(*framed)); !sent) fail(sent.error());
    };
    if (!session.hello_done) {
        auto reply = session.responder.on_client_hello(frame);
        if (!reply) return fail(reply.error());
        session.hello_done = true;
        say("CLIENT_HELLO");
        return send_frame(*reply);
    }
    if (!session.cipher) {
        auto done = session.responder.on_client_finish(frame);
        if (!done) return fail(done.error());
        say("HANDSHAKE_OK payload_bytes=" + std::to_string(done->client_payload.size()));
        session.cipher.emplace(std::move(done->cipher));
        auto payload = binary::encode_frame_payload(pair_device_iq());
        if (!payload) return fail(payload.error());
        auto sealed = session.cipher->encrypt(*payload);
        if (!sealed) return fail(sealed.error());
        return send_frame(*sealed);
    }
    auto plain = session.cipher->decrypt(frame);
    if (!plain) return fail(plain.error());
    auto node = binary::decode_frame_payload(*plain);
    if (!node) return fail(node.error());
    auto text = [&](const char* key) {
        const std::string* value = node->attr_text(key);
        return value ? *value : std::string("-");
    };
    say("NODE " + node->tag + " type=" + text("type") + " id=" + text("id"));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: wa_transport_noise_server CERT_OUT.pem\n";
        return 2;
    }
    auto credentials = transport::make_self_signed_certificate();
    if (!credentials) {
        say("ERROR " + credentials.error().code + " " + credentials.error().message);
        return 1;
    }
    std::ofstream(argv[1]) << credentials->certificate_pem;

    const signal::KeyPair server_static = signal::KeyPair::generate();
    const noise::CertificateAuthority authority(signal::KeyPair::generate());
    auto chain = authority.issue_chain(server_static.public_key, static_cast<std::uint64_t>(std::time(nullptr)));
    if (!chain) {
        say("ERROR " + chain.error().code + " " + chain.error().message);
        return 1;
    }

    asio::io_context io;
    transport::ServerOptions options;
    options.tls = *credentials;
    auto on_websocket = [&](std::shared_ptr<transport::WebSocketConnection> connection) {
        say("UPGRADE origin=" + std::string(connection->handshake().header("Origin").value_or("")));
        auto session = std::make_shared<Session>(server_static, *chain);
        std::weak_ptr<transport::WebSocketConnection> weak = connection;
        connection->start({[session, weak](Bytes message) {
                               auto self = weak.lock();
                               if (!self) return;
                               std::vector<Bytes> frames;
                               if (auto fed = session->decoder.feed(message, frames); !fed) {
                                   say("ERROR " + fed.error().code + " " + fed.error().message);
                                   self->close(transport::close_code::protocol_error, fed.error().code);
                                   return;
                               }
                               for (const auto& frame : frames) handle_frame(*session, *self, frame);
                           },
                           [](const transport::CloseEvent& event) {
                               say("CLOSED clean=" + std::to_string(event.clean) + " code=" + std::to_string(event.code));
                           }});
    };
    auto server = transport::WebSocketServer::start(io, options, on_websocket);
    if (!server) {
        say("ERROR " + server.error().code + " " + server.error().message);
        return 1;
    }
    say("LISTENING " + std::to_string((*server)->port()));
    auto guard = asio::make_work_guard(io);
    std::thread stdin_watcher([&] {
        std::string line;
        while (std::getline(std::cin, line)) {
        }
        guard.reset();
        io.stop();
    });
    io.run();
    stdin_watcher.join();
    return 0;
}
