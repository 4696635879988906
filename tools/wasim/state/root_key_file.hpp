#pragma once
// The simulator's certificate-chain root key pair. With a data dir it lives in DIR/root.key (private, hex, mode
// 0600) and DIR/root.pub (public, hex, for clients to trust), created when missing; without one it is made fresh.
#include <string>

#include "common/util/result.hpp"
#include "backend/wa/signal/curve25519.hpp"

namespace wagw::wasim {

Result<wa::signal::KeyPair> load_or_create_root_key(const std::string& data_dir);
std::string to_hex(std::span<const std::uint8_t> bytes);

}  // namespace wagw::wasim
