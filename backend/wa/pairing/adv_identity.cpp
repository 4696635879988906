#include "backend/wa/pairing/adv_identity.hpp"

#include <algorithm>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <wa/proto/adv.pb.h>

#include "backend/wa/signal/key_forms.hpp"

namespace wagw::wa::pairing {
namespace {

using HmacTag = std::array<std::uint8_t, 32>;

Bytes concat(std::initializer_list<ByteView> parts) {
    Bytes out;
    for (ByteView part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

HmacTag hmac_sha256(ByteView key, ByteView data) {
    HmacTag tag{};
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), tag.data(), &size);
    return tag;
}

Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }
std::string to_string(ByteView b) { return std::string(b.begin(), b.end()); }

Bytes account_signature_message(const DeviceIdentityDetails& parsed, ByteView details,
                                const signal::PublicKey& companion) {
    ByteView prefix = parsed.hosted_device ? ByteView(kHostedAccountPrefix) : ByteView(kAccountSignaturePrefix);
    return concat({prefix, details, companion});
}

Bytes device_signature_message(ByteView details, const signal::PublicKey& companion,
                               const signal::PublicKey& account_key) {
    return concat({kDeviceSignaturePrefix, details, companion, account_key});
}

Status check_account_signature(const VerifiedDeviceIdentity& identity, const signal::PublicKey& companion) {
    const auto& signed_identity = identity.signed_identity;
    const Bytes message = account_signature_message(identity.details, signed_identity.details, companion);
    auto verified =
        signal::xeddsa_verify(*signed_identity.account_signature_key, message, signed_identity.account_signature);
    if (!verified) return Error{"signature_mismatch", "ADV account signature does not verify: " + verified.error().message};
    return ok_status();
}

}  // namespace

Bytes encode_signed_device_identity(const SignedDeviceIdentity& identity, bool include_account_key) {
    proto::ADVSignedDeviceIdentity message;
    message.set_details(to_string(identity.details));
    if (include_account_key && identity.account_signature_key)
        message.set_accountsignaturekey(to_string(*identity.account_signature_key));
    message.set_accountsignature(to_string(identity.account_signature));
    if (!identity.device_signature.empty()) message.set_devicesignature(to_string(identity.device_signature));
    return to_bytes(message.SerializeAsString());
}

Result<SignedDeviceIdentity> decode_signed_device_identity(ByteView bytes) {
    proto::ADVSignedDeviceIdentity message;
    if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) || !message.has_details())
        return Error{"bad_protobuf", "not an ADVSignedDeviceIdentity with details"};
    SignedDeviceIdentity identity;
    identity.details = to_bytes(message.details());
    if (message.has_accountsignaturekey()) {
        const std::string& key = message.accountsignaturekey();
        auto parsed = signal::public_key_from_any_form(ByteView(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()));
        if (!parsed) return Error{"invalid_key", "ADV account signature key: " + parsed.error().message};
        identity.account_signature_key = *parsed;
    }
    identity.account_signature = to_bytes(message.accountsignature());
    identity.device_signature = to_bytes(message.devicesignature());
    return identity;
}

Result<DeviceIdentityDetails> decode_device_identity_details(ByteView details) {
    proto::ADVDeviceIdentity message;
    if (!message.ParseFromArray(details.data(), static_cast<int>(details.size())))
        return Error{"bad_protobuf", "not an ADVDeviceIdentity"};
    DeviceIdentityDetails parsed;
    parsed.raw_id = message.rawid();
    parsed.timestamp = message.timestamp();
    parsed.key_index = message.keyindex();
    parsed.hosted_device = message.devicetype() == proto::HOSTED;
    return parsed;
}

Result<Bytes> sign_companion_identity(const signal::KeyPair& account_identity,
                                      const signal::PublicKey& companion_identity, const AdvSecret& adv_secret,
                                      const DeviceIdentityDetails& details) {
    proto::ADVDeviceIdentity device;
    device.set_rawid(details.raw_id);
    device.set_timestamp(details.timestamp);
    device.set_keyindex(details.key_index);
    if (details.hosted_device) device.set_devicetype(proto::HOSTED);
    SignedDeviceIdentity identity;
    identity.details = to_bytes(device.SerializeAsString());
    identity.account_signature_key = account_identity.public_key;
    auto signature = signal::xeddsa_sign(account_identity.private_key,
                                         account_signature_message(details, identity.details, companion_identity));
    if (!signature) return signature.error();
    identity.account_signature.assign(signature->begin(), signature->end());

    const Bytes signed_bytes = encode_signed_device_identity(identity, true);
    const HmacTag tag = hmac_sha256(adv_secret, signed_bytes);
    proto::ADVSignedDeviceIdentityHMAC container;
    container.set_details(to_string(signed_bytes));
    container.set_hmac(to_string(tag));
    container.set_accounttype(proto::E2EE);
    return to_bytes(container.SerializeAsString());
}

Result<VerifiedDeviceIdentity> verify_pair_success_identity(ByteView hmac_container, const AdvSecret& adv_secret,
                                                            const signal::PublicKey& companion_identity) {
    proto::ADVSignedDeviceIdentityHMAC container;
    if (!container.ParseFromArray(hmac_container.data(), static_cast<int>(hmac_container.size())) ||
        !container.has_details() || !container.has_hmac())
        return Error{"bad_protobuf", "not an ADVSignedDeviceIdentityHMAC with details and hmac"};
    const Bytes signed_bytes = to_bytes(container.details());
    const bool hosted_account = container.accounttype() == proto::HOSTED;
    const HmacTag expected =
        hmac_sha256(adv_secret, hosted_account ? concat({kHostedAccountPrefix, signed_bytes}) : signed_bytes);
    const std::string& hmac = container.hmac();
    if (hmac.size() != expected.size() || CRYPTO_memcmp(hmac.data(), expected.data(), expected.size()) != 0)
        return Error{"hmac_mismatch", "pair-success device identity HMAC does not match our ADV secret"};

    auto signed_identity = decode_signed_device_identity(signed_bytes);
    if (!signed_identity) return signed_identity.error();
    if (!signed_identity->account_signature_key)
        return Error{"missing_field", "pair-success device identity has no account signature key"};
    auto details = decode_device_identity_details(signed_identity->details);
    if (!details) return details.error();
    VerifiedDeviceIdentity verified{std::move(*signed_identity), *details};
    if (auto checked = check_account_signature(verified, companion_identity); !checked) return checked.error();
    return verified;
}

Result<Bytes> device_signature_input(const SignedDeviceIdentity& identity,
                                     const signal::PublicKey& companion_identity) {
    if (!identity.account_signature_key) return Error{"missing_field", "no account signature key to sign over"};
    return device_signature_message(identity.details, companion_identity, *identity.account_signature_key);
}

Status add_device_signature(VerifiedDeviceIdentity& identity, const signal::KeyPair& companion_identity) {
    auto& signed_identity = identity.signed_identity;
    if (!signed_identity.account_signature_key)
        return Error{"missing_field", "no account signature key to sign over"};
    auto signature = signal::xeddsa_sign(
        companion_identity.private_key,
        device_signature_message(signed_identity.details, companion_identity.public_key,
                                 *signed_identity.account_signature_key));
    if (!signature) return signature.error();
    signed_identity.device_signature.assign(signature->begin(), signature->end());
    return ok_status();
}

Result<VerifiedDeviceIdentity> verify_device_signature(ByteView signed_identity_bytes,
                                                       const signal::PublicKey& account_key,
                                                       const signal::PublicKey& companion_identity) {
    auto signed_identity = decode_signed_device_identity(signed_identity_bytes);
    if (!signed_identity) return signed_identity.error();
    if (signed_identity->account_signature_key && *signed_identity->account_signature_key != account_key)
        return Error{"signature_mismatch", "device identity names another account key"};
    signed_identity->account_signature_key = account_key;
    auto details = decode_device_identity_details(signed_identity->details);
    if (!details) return details.error();
    VerifiedDeviceIdentity verified{std::move(*signed_identity), *details};
    if (auto checked = check_account_signature(verified, companion_identity); !checked) return checked.error();
    auto device_ok = signal::xeddsa_verify(
        companion_identity,
        device_signature_message(verified.signed_identity.details, companion_identity, account_key),
        verified.signed_identity.device_signature);
    if (!device_ok)
        return Error{"device_signature_mismatch", "ADV device signature does not verify: " + device_ok.error().message};
    return verified;
}

}  // namespace wagw::wa::pairing
