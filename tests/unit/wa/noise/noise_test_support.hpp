#pragma once
// Shared pieces for the Noise tests: a simulated server (static key + its own root), a client payload, and
// a driver that runs both handshake roles against each other in memory.
#include "backend/wa/noise/cert_chain.hpp"
#include "backend/wa/noise/initiator.hpp"
#include "backend/wa/noise/responder.hpp"

#include <wa/proto/client_payload.pb.h>

#include <optional>
#include <string>

namespace wagw::wa::noise::test {

inline constexpr uint64_t kNow = 1'800'000'000;  // fixed clock: validity checks must not depend on the date
inline uint64_t fixed_clock() { return kNow; }

inline Bytes client_payload_bytes() {
    proto::ClientPayload payload;
    payload.set_username(4915112345678ull);
    payload.set_device(3);
    payload.set_passive(true);
    payload.set_pull(true);
    payload.mutable_useragent()->set_platform(proto::ClientPayload::UserAgent::WEB);
    payload.mutable_useragent()->mutable_appversion()->set_primary(2);
    payload.set_connecttype(proto::ClientPayload::WIFI_UNKNOWN);
    return to_bytes(payload.SerializeAsString());
}

struct SimulatedServer {
    signal::KeyPair static_key = signal::KeyPair::generate();
    CertificateAuthority authority{signal::KeyPair::generate()};

    Bytes valid_chain() const { return *authority.issue_chain(static_key.public_key, kNow); }
};

struct HandshakeOutcome {
    Result<InitiatorFinish> client;
    std::optional<Result<ResponderFinish>> server;  // absent when the client gave up before clientFinish
};

// Runs the three messages; `server_hello_filter` may alter the server hello bytes in flight.
template <class Filter>
HandshakeOutcome run_handshake(NoiseInitiator& client, NoiseResponder& server, const Bytes& payload,
                               Filter server_hello_filter) {
    auto hello = client.client_hello();
    if (!hello) return {hello.error(), std::nullopt};
    auto server_hello = server.on_client_hello(*hello);
    if (!server_hello) return {server_hello.error(), std::nullopt};
    Bytes in_flight = *server_hello;
    server_hello_filter(in_flight);
    auto finish = client.on_server_hello(in_flight, payload);
    if (!finish) return {finish.error(), std::nullopt};
    auto server_done = server.on_client_finish(finish->client_finish);
    return {std::move(finish), std::move(server_done)};
}

inline HandshakeOutcome run_handshake(NoiseInitiator& client, NoiseResponder& server, const Bytes& payload) {
    return run_handshake(client, server, payload, [](Bytes&) {});
}

inline std::string error_code(const Status& status) { return status ? "ok" : status.error().code; }
template <class T>
std::string error_code(const Result<T>& result) {
    return result ? "ok" : result.error().code;
}

}  // namespace wagw::wa::noise::test
