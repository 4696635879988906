#include "backend/wa/signal/signal_errors.hpp"

#include <signal_protocol.h>

#include <string>

namespace wagw::wa::signal {
namespace {

struct Meaning {
    const char* code;
    const char* text;
};

Meaning meaning_of(int code) {
    switch (code) {
        case SG_ERR_NO_SESSION: return {"no_session", "there is no Signal session with this device yet"};
        case SG_ERR_INVALID_MESSAGE:
        case SG_ERR_INVALID_MAC: return {"bad_mac", "the message failed its integrity check (damaged or forged)"};
        case SG_ERR_DUPLICATE_MESSAGE: return {"duplicate_message", "this message was already decrypted"};
        case SG_ERR_UNTRUSTED_IDENTITY:
            return {"untrusted_identity", "the contact's identity key changed and is not trusted"};
        case SG_ERR_INVALID_KEY_ID: return {"unknown_pre_key", "the message uses a pre-key this account does not have"};
        case SG_ERR_INVALID_KEY: return {"invalid_key", "a key in the message or bundle is not a valid Curve25519 key"};
        case SG_ERR_INVALID_VERSION:
        case SG_ERR_LEGACY_MESSAGE: return {"unsupported_version", "the message uses an unsupported Signal version"};
        case SG_ERR_INVALID_PROTO_BUF: return {"malformed_message", "the message is not a valid Signal message"};
        case SG_ERR_VRF_SIG_VERIF_FAILED: return {"bad_signature", "a signature did not verify"};
        case SG_ERR_STALE_KEY_EXCHANGE: return {"stale_key_exchange", "the key exchange is stale"};
        case SG_ERR_NOMEM: return {"out_of_memory", "out of memory"};
        default: return {"signal_failed", "the Signal library failed"};
    }
}

}  // namespace

Error signal_error(int code, std::string_view during, std::string_view store_detail) {
    const Meaning meaning = meaning_of(code);
    std::string message = std::string(meaning.text) + " (while " + std::string(during) + ", code " +
                          std::to_string(code) + ")";
    if (!store_detail.empty()) message += ": " + std::string(store_detail);
    return {meaning.code, std::move(message)};
}

}  // namespace wagw::wa::signal
