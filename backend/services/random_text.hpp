#pragma once
// Unguessable text for keys, tickets, tokens and ids: `bytes` random bytes from libsodium, encoded.
#include <cstddef>
#include <string>

namespace wagw::services {

std::string random_hex(std::size_t bytes);
std::string random_base64url(std::size_t bytes);  // URL-safe, unpadded

}  // namespace wagw::services
