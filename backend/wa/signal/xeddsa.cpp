#include "backend/wa/signal/xeddsa.hpp"

#include "backend/wa/signal/key_forms.hpp"
#include "backend/wa/signal/signal_context.hpp"

#include <curve.h>
#include <signal_protocol.h>

#include <algorithm>
#include <string>

namespace wagw::wa::signal {
namespace {

// libsignal objects are ref-counted C structs; this releases one at scope exit.
template <class T>
struct Unref {
    T* object = nullptr;
    ~Unref() {
        if (object != nullptr) signal_type_unref(reinterpret_cast<signal_type_base*>(object));
    }
};

}  // namespace

Result<Signature> xeddsa_sign(const PrivateKey& private_key, std::span<const uint8_t> message) {
    SignalContext* context = SignalContext::shared();
    if (context == nullptr) return Error{"signal_context", "libsignal-protocol-c context unavailable"};
    // Clamp a copy: libsignal signs with the scalar as given, and keys from elsewhere may be unclamped.
    const KeyPair pair = KeyPair::from_private(private_key.span());
    Unref<ec_private_key> key;
    if (curve_decode_private_point(&key.object, pair.private_key.data(), 32, context->raw()) != 0) {
        return Error{"invalid_key", "libsignal rejected the private key"};
    }
    signal_buffer* raw = nullptr;
    const int rc = curve_calculate_signature(context->raw(), &raw, key.object, message.data(), message.size());
    if (rc != 0 || raw == nullptr || signal_buffer_len(raw) != 64) {
        if (raw != nullptr) signal_buffer_free(raw);
        return Error{"sign_failed", "XEdDSA signing failed (libsignal error " + std::to_string(rc) + ")"};
    }
    Signature signature{};
    std::copy_n(signal_buffer_data(raw), 64, signature.begin());
    signal_buffer_free(raw);
    return signature;
}

Status xeddsa_verify(std::span<const uint8_t> public_key, std::span<const uint8_t> message,
                     std::span<const uint8_t> signature) {
    auto key_bytes = public_key_from_any_form(public_key);
    if (!key_bytes) return key_bytes.error();
    if (signature.size() != 64) {
        return Error{"invalid_signature", "signature must be 64 bytes, got " + std::to_string(signature.size())};
    }
    SignalContext* context = SignalContext::shared();
    if (context == nullptr) return Error{"signal_context", "libsignal-protocol-c context unavailable"};
    const SignalPublicKey typed = with_key_type(*key_bytes);
    Unref<ec_public_key> key;
    if (curve_decode_point(&key.object, typed.data(), typed.size(), context->raw()) != 0) {
        return Error{"invalid_key", "libsignal rejected the public key"};
    }
    const int rc = curve_verify_signature(key.object, message.data(), message.size(), signature.data(), 64);
    if (rc == 1) return ok_status();
    if (rc == 0) return Error{"bad_signature", "XEdDSA signature does not match the key and message"};
    return Error{"verify_failed", "XEdDSA verification failed (libsignal error " + std::to_string(rc) + ")"};
}

}  // namespace wagw::wa::signal
