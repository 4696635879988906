#include "tools/wasim/server/client_hello.hpp"

#include <algorithm>

#include <wa/proto/client_payload.pb.h>

namespace wagw::wasim {
namespace {

Error bad(std::string what) { return Error{"bad_client_payload", "ClientPayload: " + std::move(what)}; }

std::uint32_t big_endian(const std::string& bytes) {
    std::uint32_t value = 0;
    for (unsigned char c : bytes) value = value << 8 | c;
    return value;
}

template <std::size_t N>
bool copy_exact(const std::string& from, std::array<std::uint8_t, N>& to) {
    if (from.size() != N) return false;
    std::copy(from.begin(), from.end(), to.begin());
    return true;
}

}  // namespace

Result<ClientHello> read_client_hello(const Bytes& client_payload, const signal::PublicKey& noise_public) {
    wa::proto::ClientPayload payload;
    if (!payload.ParseFromArray(client_payload.data(), static_cast<int>(client_payload.size())))
        return bad("does not parse");
    ClientHello hello;
    hello.noise_public = noise_public;
    hello.push_name = payload.pushname();
    hello.passive = payload.passive();
    if (payload.has_devicepairingdata()) {
        const auto& data = payload.devicepairingdata();
        DeviceKeys keys;
        if (data.eregid().size() != 4) return bad("eRegid must be 4 bytes");
        keys.registration_id = big_endian(data.eregid());
        // eIdent and eSkeyVal are raw 32-byte keys (no 05 type byte).
        if (!copy_exact(data.eident(), keys.identity)) return bad("eIdent must be 32 bytes");
        SignedPreKey signed_pre_key;
        if (data.eskeyid().size() != 3) return bad("eSkeyId must be 3 bytes");
        signed_pre_key.id = big_endian(data.eskeyid());
        if (!copy_exact(data.eskeyval(), signed_pre_key.public_key)) return bad("eSkeyVal must be 32 bytes");
        if (data.eskeysig().size() != 64) return bad("eSkeySig must be 64 bytes");
        signed_pre_key.signature.assign(data.eskeysig().begin(), data.eskeysig().end());
        keys.signed_pre_key = signed_pre_key;
        hello.registration = std::move(keys);
        return hello;
    }
    if (!payload.has_username()) return bad("neither devicePairingData nor username");
    hello.phone = std::to_string(payload.username());
    if (payload.device() > 0xffff) return bad("device out of range");
    hello.device = static_cast<std::uint16_t>(payload.device());
    return hello;
}

}  // namespace wagw::wasim
