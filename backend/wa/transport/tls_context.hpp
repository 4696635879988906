#pragma once
// OpenSSL contexts for both roles, built without exceptions: the client verifies against the system CA store by
// default (or trusts exactly one given certificate, e.g. the simulator's self-signed one); the server loads a PEM
// certificate and key. Also makes throw-away self-signed certificates in memory for tests and the simulator.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/util/result.hpp"

namespace asio::ssl {
class context;
}

namespace wagw::wa::transport {

struct TlsClientOptions {
    // Verify the server's chain and host name. Turning this off is for experiments only: anyone on the path can
    // then read the traffic.
    bool verify_peer = true;
    // When set, this PEM certificate (a CA, or a self-signed server certificate) is the only trust anchor, instead
    // of the system store: how a client connects to the local simulator.
    std::string trusted_certificate_pem;
};

struct TlsCredentials {
    std::string certificate_pem;
    std::string private_key_pem;
};

Result<std::shared_ptr<asio::ssl::context>> make_client_tls_context(const TlsClientOptions& options);
Result<std::shared_ptr<asio::ssl::context>> make_server_tls_context(const TlsCredentials& credentials);

// A fresh P-256 key and a self-signed certificate whose subjectAltName lists the given names and IP addresses.
struct SelfSignedRequest {
    std::string common_name = "localhost";
    std::vector<std::string> dns_names{"localhost"};
    std::vector<std::string> ip_addresses{"127.0.0.1", "::1"};
    std::chrono::hours validity{24 * 30};
};
Result<TlsCredentials> make_self_signed_certificate(const SelfSignedRequest& request = {});

}  // namespace wagw::wa::transport
