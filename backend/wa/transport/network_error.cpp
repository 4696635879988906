#include "backend/wa/transport/network_error.hpp"

#include <openssl/x509.h>

#include <asio/error.hpp>
#include <asio/ssl/error.hpp>
#include <string>

namespace wagw::wa::transport {

Error network_error(const std::error_code& ec, std::string_view what) {
    std::string where(what);
    if (ec == asio::error::connection_refused)
        return {"connection_refused", where + ": connection refused (nothing is listening there; is the server running?)"};
    if (ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again ||
        ec == asio::error::no_data)
        return {"host_not_found", where + ": the host name does not resolve (" + ec.message() + ")"};
    if (ec == asio::error::network_unreachable || ec == asio::error::host_unreachable)
        return {"unreachable", where + ": network unreachable (" + ec.message() + ")"};
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated)
        return {"connection_closed", where + ": the peer closed the connection"};
    if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe)
        return {"connection_reset", where + ": the connection was reset by the peer"};
    if (ec == asio::error::operation_aborted) return {"cancelled", where + ": cancelled"};
    return {"network_error", where + ": " + ec.message()};
}

Error timeout_error(std::string_view what) {
    return {"timeout", std::string(what) + ": timed out (the peer did not answer in time)"};
}

Error tls_handshake_error(const std::error_code& ec, long verify_result, std::string_view peer) {
    if (verify_result != X509_V_OK)
        return {"tls_verify_failed",
                "TLS certificate of " + std::string(peer) + " failed verification: " +
                    X509_verify_cert_error_string(verify_result) +
                    " (for the local simulator, trust its certificate explicitly)"};
    if (ec.category() == asio::error::get_ssl_category() || ec == asio::ssl::error::stream_truncated ||
        ec == asio::error::eof || ec == asio::error::connection_reset)
        return {"tls_handshake_failed", "TLS handshake with " + std::string(peer) + " failed: " + ec.message() +
                                            " (is it really a TLS port?)"};
    return network_error(ec, "TLS handshake with " + std::string(peer));
}

}  // namespace wagw::wa::transport
