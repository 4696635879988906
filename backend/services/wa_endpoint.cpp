#include "backend/services/wa_endpoint.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

namespace wagw::services {

Result<std::string> read_text_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{"read_failed", "cannot read " + file.string()};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<wa::signal::PublicKey> read_trust_root(const std::filesystem::path& file) {
    auto text = read_text_file(file);
    if (!text) return text.error();
    wa::signal::PublicKey key{};
    if (text->size() == 32) {
        std::copy(text->begin(), text->end(), key.begin());
        return key;
    }
    std::string hex;
    for (char c : *text) {
        if (!std::isspace(static_cast<unsigned char>(c))) hex += c;
    }
    if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        return Error{"bad_trust_root",
                     file.string() + " must hold the 32-byte root public key as 64 hex digits"};
    }
    for (std::size_t i = 0; i < 32; ++i)
        key[i] = static_cast<std::uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
    return key;
}

Result<WaEndpoint> load_wa_endpoint(std::string server_url, const std::filesystem::path& trust_root_file,
                                    const std::filesystem::path& tls_certificate_file, bool tls_verify) {
    WaEndpoint endpoint;
    endpoint.server_url = std::move(server_url);
    endpoint.tls_verify = tls_verify;
    if (!trust_root_file.empty()) {
        auto root = read_trust_root(trust_root_file);
        if (!root) return root.error();
        endpoint.trust_root = *root;
    }
    if (!tls_certificate_file.empty()) {
        auto pem = read_text_file(tls_certificate_file);
        if (!pem) return pem.error();
        endpoint.tls_certificate_pem = std::move(*pem);
    }
    return endpoint;
}

wa::client::WaClientOptions client_options(const WaEndpoint& endpoint, std::filesystem::path database_file,
                                           std::shared_ptr<const store::SecretBox> secret_box) {
    wa::client::WaClientOptions options;
    options.database_file = std::move(database_file);
    options.secret_box = std::move(secret_box);
    if (!endpoint.server_url.empty()) options.server_url = endpoint.server_url;
    if (endpoint.trust_root) options.trust_root.public_key = *endpoint.trust_root;
    options.tls.trusted_certificate_pem = endpoint.tls_certificate_pem;
    options.tls.verify_peer = endpoint.tls_verify;
    return options;
}

}  // namespace wagw::services
