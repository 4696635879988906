#include "backend/wa/pairing/link_code.hpp"

#include <algorithm>
#include <memory>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace wagw::wa::pairing {
namespace {

constexpr int kPbkdf2Iterations = 2 << 16;
constexpr std::string_view kBundleKeyInfo = "link_code_pairing_key_bundle_encryption_key";
constexpr std::string_view kAdvSecretInfo = "adv_secret";

using Key32 = std::array<std::uint8_t, 32>;

Bytes random_bytes(std::size_t size) {
    Bytes out(size);
    RAND_bytes(out.data(), static_cast<int>(out.size()));
    return out;
}

Key32 hmac_sha256(ByteView key, ByteView data) {
    Key32 out{};
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &size);
    return out;
}

// HKDF-SHA256 with one 32-byte output block; an empty salt means 32 zero bytes (RFC 5869).
Key32 hkdf32(ByteView ikm, ByteView salt, std::string_view info) {
    const Key32 zero{};
    const Key32 prk = hmac_sha256(salt.empty() ? ByteView(zero) : salt, ikm);
    Bytes block(info.begin(), info.end());
    block.push_back(1);
    return hmac_sha256(prk, block);
}

Result<Key32> code_key(std::string_view code, ByteView salt) {
    Key32 key{};
    if (PKCS5_PBKDF2_HMAC(code.data(), static_cast<int>(code.size()), salt.data(), static_cast<int>(salt.size()),
                          kPbkdf2Iterations, EVP_sha256(), static_cast<int>(key.size()), key.data()) != 1)
        return Error{"crypto_error", "PBKDF2 failed"};
    return key;
}

// AES-256-CTR is its own inverse.
Result<Bytes> aes_ctr(const Key32& key, ByteView iv, ByteView data) {
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    Bytes out(data.size());
    int length = 0, final_length = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_ctr(), nullptr, key.data(), iv.data()) != 1 ||
        EVP_EncryptUpdate(ctx.get(), out.data(), &length, data.data(), static_cast<int>(data.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out.data() + length, &final_length) != 1)
        return Error{"crypto_error", "AES-CTR failed"};
    return out;
}

Result<Bytes> aes_gcm(bool encrypt, const Key32& key, ByteView nonce, ByteView data) {
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    constexpr std::size_t kTag = 16;
    if (!encrypt && data.size() < kTag) return Error{"bad_key_bundle", "key bundle too short"};
    const ByteView body = encrypt ? data : data.first(data.size() - kTag);
    Bytes out(body.size() + (encrypt ? kTag : 0));
    int length = 0, final_length = 0;
    const auto init = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex;
    if (!ctx || init(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
        init(ctx.get(), nullptr, nullptr, key.data(), nonce.data()) != 1)
        return Error{"crypto_error", "AES-GCM init failed"};
    if (encrypt) {
        if (EVP_EncryptUpdate(ctx.get(), out.data(), &length, body.data(), static_cast<int>(body.size())) != 1 ||
            EVP_EncryptFinal_ex(ctx.get(), out.data() + length, &final_length) != 1 ||
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, out.data() + body.size()) != 1)
            return Error{"crypto_error", "AES-GCM failed"};
        return out;
    }
    Bytes tag(data.end() - kTag, data.end());
    if (EVP_DecryptUpdate(ctx.get(), out.data(), &length, body.data(), static_cast<int>(body.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), out.data() + length, &final_length) != 1)
        return Error{"bad_key_bundle", "link-code key bundle does not decrypt (wrong code or tampered)"};
    return out;
}

AdvSecret adv_secret_from(ByteView ephemeral_shared, ByteView identity_shared, ByteView adv_random) {
    Bytes ikm(ephemeral_shared.begin(), ephemeral_shared.end());
    ikm.insert(ikm.end(), identity_shared.begin(), identity_shared.end());
    ikm.insert(ikm.end(), adv_random.begin(), adv_random.end());
    return hkdf32(ikm, {}, kAdvSecretInfo);
}

}  // namespace

Result<std::string> normalize_link_code(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == '-') continue;
        out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    if (out.size() != 8 || out.find_first_not_of(kLinkCodeAlphabet) != std::string::npos)
        return Error{"invalid_link_code", "a link code is 8 characters from " + std::string(kLinkCodeAlphabet)};
    return out;
}

std::string make_link_code() {
    const Bytes random = random_bytes(5);
    std::uint64_t bits = 0;
    for (std::uint8_t b : random) bits = bits << 8 | b;
    std::string code;
    for (int i = 7; i >= 0; --i) code += kLinkCodeAlphabet[(bits >> (5 * i)) & 31];
    return code;
}

Result<Bytes> wrap_link_code_key(std::string_view code, const signal::PublicKey& ephemeral_public) {
    const Bytes salt = random_bytes(32), iv = random_bytes(16);
    auto key = code_key(code, salt);
    if (!key) return key.error();
    auto sealed = aes_ctr(*key, iv, ephemeral_public);
    if (!sealed) return sealed.error();
    Bytes out = salt;
    out.insert(out.end(), iv.begin(), iv.end());
    out.insert(out.end(), sealed->begin(), sealed->end());
    return out;
}

Result<signal::PublicKey> unwrap_link_code_key(std::string_view code, ByteView wrapped) {
    if (wrapped.size() != kWrappedKeySize)
        return Error{"invalid_wrapped_key", "a wrapped link-code key is 80 bytes"};
    auto key = code_key(code, wrapped.first(32));
    if (!key) return key.error();
    auto plain = aes_ctr(*key, wrapped.subspan(32, 16), wrapped.subspan(48, 32));
    if (!plain) return plain.error();
    signal::PublicKey out{};
    std::copy(plain->begin(), plain->end(), out.begin());
    return out;
}

Result<SealedLinkCodeBundle> seal_link_code_bundle(const signal::KeyPair& companion_ephemeral,
                                                   const signal::PublicKey& primary_ephemeral,
                                                   const signal::KeyPair& companion_identity,
                                                   const signal::PublicKey& primary_identity) {
    auto identity_shared = signal::x25519_agreement(companion_identity.private_key, primary_identity);
    if (!identity_shared) return identity_shared.error();
    return seal_link_code_bundle(companion_ephemeral, primary_ephemeral, companion_identity.public_key,
                                 primary_identity, *identity_shared);
}

Result<SealedLinkCodeBundle> seal_link_code_bundle(const signal::KeyPair& companion_ephemeral,
                                                   const signal::PublicKey& primary_ephemeral,
                                                   const signal::PublicKey& companion_identity,
                                                   const signal::PublicKey& primary_identity,
                                                   const signal::SharedSecret& identity_shared) {
    auto ephemeral_shared = signal::x25519_agreement(companion_ephemeral.private_key, primary_ephemeral);
    if (!ephemeral_shared) return ephemeral_shared.error();
    const Bytes salt = random_bytes(32), nonce = random_bytes(12), adv_random = random_bytes(32);
    const Key32 bundle_key = hkdf32(ephemeral_shared->span(), salt, kBundleKeyInfo);
    Bytes plain(companion_identity.begin(), companion_identity.end());
    plain.insert(plain.end(), primary_identity.begin(), primary_identity.end());
    plain.insert(plain.end(), adv_random.begin(), adv_random.end());
    auto sealed = aes_gcm(true, bundle_key, nonce, plain);
    if (!sealed) return sealed.error();
    SealedLinkCodeBundle out;
    out.wrapped_key_bundle = salt;
    out.wrapped_key_bundle.insert(out.wrapped_key_bundle.end(), nonce.begin(), nonce.end());
    out.wrapped_key_bundle.insert(out.wrapped_key_bundle.end(), sealed->begin(), sealed->end());
    out.adv_secret = adv_secret_from(ephemeral_shared->span(), identity_shared.span(), adv_random);
    return out;
}

Result<AdvSecret> open_link_code_bundle(const signal::KeyPair& primary_ephemeral,
                                        const signal::PublicKey& companion_ephemeral,
                                        const signal::KeyPair& primary_identity,
                                        const signal::PublicKey& companion_identity, ByteView wrapped_key_bundle) {
    if (wrapped_key_bundle.size() < 32 + 12 + 16) return Error{"bad_key_bundle", "key bundle too short"};
    auto ephemeral_shared = signal::x25519_agreement(primary_ephemeral.private_key, companion_ephemeral);
    if (!ephemeral_shared) return Error{"bad_key_bundle", ephemeral_shared.error().message};
    const Key32 bundle_key = hkdf32(ephemeral_shared->span(), wrapped_key_bundle.first(32), kBundleKeyInfo);
    auto plain = aes_gcm(false, bundle_key, wrapped_key_bundle.subspan(32, 12), wrapped_key_bundle.subspan(44));
    if (!plain) return plain.error();
    if (plain->size() != 96) return Error{"bad_key_bundle", "key bundle must hold two keys and 32 random bytes"};
    if (!std::equal(companion_identity.begin(), companion_identity.end(), plain->begin()) ||
        !std::equal(primary_identity.public_key.begin(), primary_identity.public_key.end(), plain->begin() + 32))
        return Error{"identity_mismatch", "the key bundle names other identity keys"};
    auto identity_shared = signal::x25519_agreement(primary_identity.private_key, companion_identity);
    if (!identity_shared) return Error{"bad_key_bundle", identity_shared.error().message};
    return adv_secret_from(ephemeral_shared->span(), identity_shared->span(), ByteView(*plain).subspan(64));
}

}  // namespace wagw::wa::pairing
