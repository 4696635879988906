// Drives our Noise handshake from another process (the Baileys interop test, baileys_interop.test.mjs).
// One command per stdin line, one JSON object per stdout line. Only public keys and protocol bytes are
// printed: private keys never leave the process.
//
//   wa_noise_tool responder [--chain KIND] [--prologue HEX]
//                                   KIND: valid | zero-signatures | intermediate-issuer-serial |
//                                   leaf-issuer-serial | leaf-key-mismatch | expired | short-signature
//                                   HEX: the connection header the client sends (default 57410603, "WA" 6 3)
//     -> {"event":"ready","root":HEX,"static":HEX,"chain":HEX}
//     hello HEX   -> {"event":"server_hello","data":HEX}
//     finish HEX  -> {"event":"finished","clientStatic":HEX,"payload":HEX,"parsed":{...}}
//   wa_noise_tool initiator --root HEX [--payload HEX]
//     -> {"event":"client_hello","data":HEX,"static":HEX}
//     server_hello HEX -> {"event":"client_finish","data":HEX,"serverStatic":HEX}
//   both, after the handshake:
//     encrypt HEX -> {"event":"cipher","data":HEX}      decrypt HEX -> {"event":"plain","data":HEX}
//   any failure -> {"event":"error","code":CODE,"message":TEXT}
#include "backend/wa/noise/cert_chain.hpp"
#include "backend/wa/noise/initiator.hpp"
#include "backend/wa/noise/responder.hpp"

#include <wa/proto/cert_chain.pb.h>
#include <wa/proto/client_payload.pb.h>
#include <wa/proto/device_props.pb.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>

using namespace wagw;
using namespace wagw::wa::noise;
using wagw::wa::signal::KeyPair;

namespace {

std::string to_hex(const uint8_t* data, size_t len) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < len; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}
template <class Container>
std::string to_hex(const Container& c) {
    return to_hex(reinterpret_cast<const uint8_t*>(c.data()), c.size());
}

std::optional<Bytes> from_hex(const std::string& text) {
    if (text.size() % 2 != 0) return std::nullopt;
    Bytes out;
    for (size_t i = 0; i < text.size(); i += 2) {
        unsigned value = 0;
        if (std::sscanf(text.c_str() + i, "%2x", &value) != 1) return std::nullopt;
        out.push_back(static_cast<uint8_t>(value));
    }
    return out;
}

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += (c == '\n') ? ' ' : c;
    }
    return out + "\"";
}

void emit(const std::string& json) {
    std::cout << json << std::endl;  // flush per line: the driver waits for each answer
}

void emit_error(const Error& error) {
    emit("{\"event\":\"error\",\"code\":" + quoted(error.code) + ",\"message\":" + quoted(error.message) + "}");
}

// The fields of a ClientPayload as our schema reads them, so the driver can compare with what it sent.
std::string describe_payload(const Bytes& bytes) {
    wa::proto::ClientPayload p;
    if (!p.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return "null";
    const auto& ua = p.useragent();
    std::string json = "{\"username\":\"" + std::to_string(p.username()) + "\",\"device\":" + std::to_string(p.device()) +
                       ",\"passive\":" + (p.passive() ? "true" : "false") + ",\"pull\":" + (p.pull() ? "true" : "false") +
                       ",\"connectType\":" + std::to_string(p.connecttype()) +
                       ",\"connectReason\":" + std::to_string(p.connectreason()) +
                       ",\"platform\":" + std::to_string(ua.platform()) +
                       ",\"appVersion\":[" + std::to_string(ua.appversion().primary()) + "," +
                       std::to_string(ua.appversion().secondary()) + "," + std::to_string(ua.appversion().tertiary()) +
                       "],\"osVersion\":" + quoted(ua.osversion()) + ",\"device_name\":" + quoted(ua.device()) +
                       ",\"locale\":" + quoted(ua.localelanguageiso6391()) +
                       ",\"country\":" + quoted(ua.localecountryiso31661alpha2()) +
                       ",\"webSubPlatform\":" + std::to_string(p.webinfo().websubplatform());
    if (p.has_devicepairingdata()) {
        const auto& d = p.devicepairingdata();
        wa::proto::DeviceProps props;
        const bool props_ok = props.ParseFromString(d.deviceprops());
        json += ",\"pairing\":{\"eRegid\":\"" + to_hex(d.eregid()) + "\",\"eKeytype\":\"" + to_hex(d.ekeytype()) +
                "\",\"eIdent\":\"" + to_hex(d.eident()) + "\",\"eSkeyId\":\"" + to_hex(d.eskeyid()) +
                "\",\"eSkeyVal\":\"" + to_hex(d.eskeyval()) + "\",\"eSkeySig\":\"" + to_hex(d.eskeysig()) +
                "\",\"buildHash\":\"" + to_hex(d.buildhash()) + "\",\"propsParsed\":" + (props_ok ? "true" : "false") +
                ",\"os\":" + quoted(props.os()) + ",\"platformType\":" + std::to_string(props.platformtype()) +
                ",\"requireFullSync\":" + (props.requirefullsync() ? "true" : "false") +
                ",\"storageQuotaMb\":" + std::to_string(props.historysyncconfig().storagequotamb()) +
                ",\"propsVersion\":[" + std::to_string(props.version().primary()) + "," +
                std::to_string(props.version().secondary()) + "," + std::to_string(props.version().tertiary()) + "]}";
    }
    return json + "}";
}

// Chains with one deliberate defect each, to probe exactly which checks a client performs.
Result<Bytes> make_chain(const std::string& kind, const CertificateAuthority& authority, const KeyPair& server_static) {
    const uint64_t now = system_unix_time();
    const KeyPair intermediate = KeyPair::generate();
    const CertificateSpec good_intermediate{1, 0, now - 3600, now + 86400};
    const CertificateSpec good_leaf{2, 1, now - 3600, now + 86400};
    if (kind == "valid") return authority.issue_chain(server_static.public_key, now);
    if (kind == "intermediate-issuer-serial") {
        return authority.issue_chain(server_static.public_key, intermediate, {1, 1, now - 3600, now + 86400}, good_leaf);
    }
    if (kind == "leaf-issuer-serial") {
        return authority.issue_chain(server_static.public_key, intermediate, good_intermediate, {2, 99, now - 3600, now + 86400});
    }
    if (kind == "leaf-key-mismatch") {
        return authority.issue_chain(KeyPair::generate().public_key, intermediate, good_intermediate, good_leaf);
    }
    if (kind == "expired") {
        return authority.issue_chain(server_static.public_key, intermediate, {1, 0, now - 7200, now - 3600},
                                     {2, 1, now - 7200, now - 3600});
    }
    if (kind == "zero-signatures" || kind == "short-signature") {
        auto chain_bytes = authority.issue_chain(server_static.public_key, now);
        if (!chain_bytes) return chain_bytes;
        wa::proto::CertChain chain;
        chain.ParseFromArray(chain_bytes->data(), static_cast<int>(chain_bytes->size()));
        if (kind == "zero-signatures") {
            chain.mutable_intermediate()->set_signature(std::string(64, '\0'));
            chain.mutable_leaf()->set_signature(std::string(64, '\0'));
        } else {
            chain.mutable_leaf()->mutable_signature()->resize(63);
        }
        return to_bytes(chain.SerializeAsString());
    }
    return Error{"usage", "unknown chain kind " + kind};
}

// Shared by both roles once the handshake is over.
bool handle_transport(const std::string& verb, const Bytes& data, std::optional<TransportCipher>& cipher) {
    if (verb != "encrypt" && verb != "decrypt") return false;
    if (!cipher) {
        emit_error(Error{"wrong_state", "handshake not finished"});
        return true;
    }
    auto result = verb == "encrypt" ? cipher->encrypt(data) : cipher->decrypt(data);
    if (!result) {
        emit_error(result.error());
    } else {
        emit(std::string("{\"event\":\"") + (verb == "encrypt" ? "cipher" : "plain") + "\",\"data\":\"" +
             to_hex(*result) + "\"}");
    }
    return true;
}

// Reads "verb HEX" lines until EOF or "quit", handing each to `handle`.
template <class Handler>
int command_loop(Handler handle) {
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line == "quit") break;
        const auto space = line.find(' ');
        const std::string verb = line.substr(0, space);
        auto data = from_hex(space == std::string::npos ? "" : line.substr(space + 1));
        if (!data) {
            emit_error(Error{"usage", "argument is not hex"});
            continue;
        }
        handle(verb, *data);
    }
    return 0;
}

int run_responder(const std::map<std::string, std::string>& options) {
    const KeyPair server_static = KeyPair::generate();
    const CertificateAuthority authority(KeyPair::generate());
    auto chain = make_chain(options.count("--chain") ? options.at("--chain") : "valid", authority, server_static);
    if (!chain) {
        emit_error(chain.error());
        return 2;
    }
    NoiseResponder responder(server_static, *chain);
    Bytes prologue(kWaConnectionHeader.begin(), kWaConnectionHeader.end());
    if (options.count("--prologue")) {
        auto given = from_hex(options.at("--prologue"));
        if (!given) {
            emit_error(Error{"bad_argument", "--prologue must be hex"});
            return 2;
        }
        prologue = *given;
    }
    std::optional<TransportCipher> cipher;
    emit("{\"event\":\"ready\",\"root\":\"" + to_hex(authority.root_public_key()) + "\",\"static\":\"" +
         to_hex(server_static.public_key) + "\",\"chain\":\"" + to_hex(*chain) + "\"}");
    return command_loop([&](const std::string& verb, const Bytes& data) {
        if (verb == "hello") {
            auto reply = responder.on_client_hello(data, prologue);
            if (!reply) return emit_error(reply.error());
            emit("{\"event\":\"server_hello\",\"data\":\"" + to_hex(*reply) + "\"}");
        } else if (verb == "finish") {
            auto done = responder.on_client_finish(data);
            if (!done) return emit_error(done.error());
            emit("{\"event\":\"finished\",\"clientStatic\":\"" + to_hex(done->client_static) + "\",\"payload\":\"" +
                 to_hex(done->client_payload) + "\",\"parsed\":" + describe_payload(done->client_payload) + "}");
            cipher.emplace(std::move(done->cipher));
        } else if (!handle_transport(verb, data, cipher)) {
            emit_error(Error{"usage", "unknown command " + verb});
        }
    });
}

int run_initiator(const std::map<std::string, std::string>& options) {
    auto root = from_hex(options.count("--root") ? options.at("--root") : "");
    if (!root || root->size() != 32) {
        emit_error(Error{"usage", "--root must be a 32-byte hex public key"});
        return 2;
    }
    TrustRoot trust;
    std::copy(root->begin(), root->end(), trust.public_key.begin());
    auto payload = from_hex(options.count("--payload") ? options.at("--payload") : "");
    if (!payload) {
        emit_error(Error{"usage", "--payload must be hex"});
        return 2;
    }
    const KeyPair noise_static = KeyPair::generate();
    NoiseInitiator initiator(noise_static, trust);
    std::optional<TransportCipher> cipher;
    auto hello = initiator.client_hello();
    if (!hello) {
        emit_error(hello.error());
        return 1;
    }
    emit("{\"event\":\"client_hello\",\"data\":\"" + to_hex(*hello) + "\",\"static\":\"" +
         to_hex(noise_static.public_key) + "\"}");
    return command_loop([&](const std::string& verb, const Bytes& data) {
        if (verb == "server_hello") {
            auto done = initiator.on_server_hello(data, *payload);
            if (!done) return emit_error(done.error());
            emit("{\"event\":\"client_finish\",\"data\":\"" + to_hex(done->client_finish) + "\",\"serverStatic\":\"" +
                 to_hex(done->server_static) + "\"}");
            cipher.emplace(std::move(done->cipher));
        } else if (!handle_transport(verb, data, cipher)) {
            emit_error(Error{"usage", "unknown command " + verb});
        }
    });
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: wa_noise_tool responder [--chain KIND] [--prologue HEX] | initiator --root HEX [--payload HEX]\n");
        return 2;
    }
    std::map<std::string, std::string> options;
    for (int i = 2; i + 1 < argc; i += 2) options[argv[i]] = argv[i + 1];
    const std::string role = argv[1];
    if (role == "responder") return run_responder(options);
    if (role == "initiator") return run_initiator(options);
    std::fprintf(stderr, "unknown role %s\n", role.c_str());
    return 2;
}
