#include "backend/wa/client/qr_code.hpp"

namespace wagw::wa::client {

std::string make_qr_string(std::string_view ref, const signal::PublicKey& noise_public,
                           const signal::PublicKey& identity_public, const pairing::AdvSecret& adv_secret) {
    pairing::QrCode code;
    code.ref = std::string(ref);
    code.noise_public = noise_public;
    code.identity_public = identity_public;
    code.adv_secret = adv_secret;
    code.platform = std::string(kQrPlatform);
    return pairing::format_qr_code(code);
}

std::chrono::milliseconds qr_validity(int index) {
    return index == 0 ? std::chrono::milliseconds(60000) : std::chrono::milliseconds(20000);
}

}  // namespace wagw::wa::client
