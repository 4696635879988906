#pragma once
// Which WhatsApp server clients connect to, and how a WaClient is set up for one account: shared by
// `wagw client` (one account, its own folder) and the gateway's sessions (one folder per session), so both
// read trust roots and certificates, and seal device keys, the same way.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "backend/store/secret_box.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "common/util/result.hpp"

namespace wagw::services {

struct WaEndpoint {
    std::string server_url;                           // empty: WhatsApp's
    std::optional<wa::signal::PublicKey> trust_root;  // empty: WhatsApp's root key
    std::string tls_certificate_pem;  // non-empty: trust exactly this certificate (a simulator's)
    bool tls_verify = true;
};

Result<std::string> read_text_file(const std::filesystem::path& file);
// The root public key: 64 hex digits (whitespace ignored), or the 32 raw bytes.
Result<wa::signal::PublicKey> read_trust_root(const std::filesystem::path& file);
// An endpoint from flags: empty paths are left unset; files that cannot be read or parsed are errors naming
// them.
Result<WaEndpoint> load_wa_endpoint(std::string server_url, const std::filesystem::path& trust_root_file,
                                    const std::filesystem::path& tls_certificate_file,
                                    bool tls_verify = true);

// Options for a WaClient whose protocol data lives in `database_file`, sealed with `secret_box`.
wa::client::WaClientOptions client_options(const WaEndpoint& endpoint, std::filesystem::path database_file,
                                           std::shared_ptr<const store::SecretBox> secret_box);

}  // namespace wagw::services
