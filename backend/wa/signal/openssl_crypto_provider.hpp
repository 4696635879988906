#pragma once
// The crypto table libsignal-protocol-c calls for every primitive it does not implement itself
// (random, HMAC-SHA256, SHA-512, AES-CBC/CTR), implemented over OpenSSL 3.
#include <signal_protocol.h>

namespace wagw::wa::signal {

// A filled-in provider; its functions keep no global state, so one table can serve every context.
signal_crypto_provider openssl_crypto_provider();

}  // namespace wagw::wa::signal
