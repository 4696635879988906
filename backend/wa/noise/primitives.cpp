#include "backend/wa/noise/primitives.hpp"

#include "backend/wa/noise/noise_constants.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace wagw::wa::noise {
namespace {

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::array<uint8_t, 12> nonce_for(uint32_t counter) {
    std::array<uint8_t, 12> iv{};
    iv[8] = static_cast<uint8_t>(counter >> 24);
    iv[9] = static_cast<uint8_t>(counter >> 16);
    iv[10] = static_cast<uint8_t>(counter >> 8);
    iv[11] = static_cast<uint8_t>(counter);
    return iv;
}

// OpenSSL only fails these calls on allocation failure or programming errors; neither can be handled
// meaningfully by a caller mid-handshake, and continuing with a half-initialised cipher would be unsafe.
void require(int openssl_result) {
    if (openssl_result != 1) std::abort();
}

Key hmac_sha256(ByteView key, ByteView first, ByteView second = {}, ByteView third = {}) {
    Key out;
    std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr), EVP_MAC_free);
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac.get()), EVP_MAC_CTX_free);
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_END};
    static const uint8_t empty = 0;
    require(EVP_MAC_init(ctx.get(), key.empty() ? &empty : key.data(), key.size(), params));
    for (ByteView part : {first, second, third}) {
        if (!part.empty()) require(EVP_MAC_update(ctx.get(), part.data(), part.size()));
    }
    size_t len = 0;
    require(EVP_MAC_final(ctx.get(), out.data(), &len, out.size()));
    return out;
}

}  // namespace

Hash sha256(ByteView first, ByteView second) {
    Hash out{};
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    require(EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr));
    if (!first.empty()) require(EVP_DigestUpdate(ctx.get(), first.data(), first.size()));
    if (!second.empty()) require(EVP_DigestUpdate(ctx.get(), second.data(), second.size()));
    unsigned int len = 0;
    require(EVP_DigestFinal_ex(ctx.get(), out.data(), &len));
    return out;
}

// RFC 5869 written out with HMAC: OpenSSL's HKDF KDF refuses an empty input key, and Split uses one.
std::pair<Key, Key> hkdf_sha256_split(ByteView salt, ByteView ikm) {
    const Key prk = hmac_sha256(salt, ikm);
    const uint8_t one = 1;
    const uint8_t two = 2;
    Key first = hmac_sha256(prk.span(), ByteView(&one, 1));
    Key second = hmac_sha256(prk.span(), first.span(), ByteView(&two, 1));
    return {first, second};
}

Bytes aes_gcm_seal(const Key& key, uint32_t counter, ByteView aad, ByteView plaintext) {
    const auto iv = nonce_for(counter);
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    require(EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), iv.data()));
    int len = 0;
    if (!aad.empty()) require(EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())));
    Bytes out(plaintext.size() + kGcmTagSize);
    int written = 0;
    if (!plaintext.empty()) {
        require(EVP_EncryptUpdate(ctx.get(), out.data(), &written, plaintext.data(), static_cast<int>(plaintext.size())));
    }
    require(EVP_EncryptFinal_ex(ctx.get(), out.data() + written, &len));
    require(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kGcmTagSize, out.data() + plaintext.size()));
    return out;
}

Result<Bytes> aes_gcm_open(const Key& key, uint32_t counter, ByteView aad, ByteView ciphertext) {
    if (ciphertext.size() < kGcmTagSize) {
        return Error{"truncated", "ciphertext of " + std::to_string(ciphertext.size()) +
                                      " bytes is shorter than the 16-byte GCM tag"};
    }
    const size_t body = ciphertext.size() - kGcmTagSize;
    const auto iv = nonce_for(counter);
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    require(EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), iv.data()));
    int len = 0;
    if (!aad.empty()) require(EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())));
    Bytes out(body);
    int written = 0;
    if (body > 0) require(EVP_DecryptUpdate(ctx.get(), out.data(), &written, ciphertext.data(), static_cast<int>(body)));
    Bytes tag(ciphertext.begin() + static_cast<std::ptrdiff_t>(body), ciphertext.end());
    require(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kGcmTagSize, tag.data()));
    if (EVP_DecryptFinal_ex(ctx.get(), out.data() + written, &len) != 1) {
        OPENSSL_cleanse(out.data(), out.size());  // unauthenticated plaintext must not escape
        return Error{"bad_gcm_tag", "AES-GCM authentication failed (wrong key, counter, data or tampering)"};
    }
    return out;
}

}  // namespace wagw::wa::noise
