#pragma once
// Turns asio/OpenSSL error codes into wagw::Error values with a message a person can act on.
#include <string_view>
#include <system_error>

#include "common/util/result.hpp"

namespace wagw::wa::transport {

// `what` names the step ("connecting to 127.0.0.1:443", "reading from the server", ...).
Error network_error(const std::error_code& ec, std::string_view what);
Error timeout_error(std::string_view what);
// For a failed TLS handshake; `verify_result` is SSL_get_verify_result() (X509_V_OK when verification was not
// the cause).
Error tls_handshake_error(const std::error_code& ec, long verify_result, std::string_view peer);

}  // namespace wagw::wa::transport
