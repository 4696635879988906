#include "backend/wa/signal/openssl_crypto_provider.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <vector>

namespace wagw::wa::signal {
namespace {

int random_bytes(uint8_t* data, size_t len, void*) {
    return RAND_bytes(data, static_cast<int>(len)) == 1 ? 0 : SG_ERR_UNKNOWN;
}

int hmac_sha256_init(void** context, const uint8_t* key, size_t key_len, void*) {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) return SG_ERR_UNKNOWN;
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);  // the context holds its own reference
    if (ctx == nullptr) return SG_ERR_NOMEM;
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_END};
    if (EVP_MAC_init(ctx, key, key_len, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return SG_ERR_UNKNOWN;
    }
    *context = ctx;
    return 0;
}

int hmac_sha256_update(void* context, const uint8_t* data, size_t len, void*) {
    return EVP_MAC_update(static_cast<EVP_MAC_CTX*>(context), data, len) == 1 ? 0 : SG_ERR_UNKNOWN;
}

int hmac_sha256_final(void* context, signal_buffer** output, void*) {
    uint8_t md[EVP_MAX_MD_SIZE];
    size_t md_len = 0;
    if (EVP_MAC_final(static_cast<EVP_MAC_CTX*>(context), md, &md_len, sizeof md) != 1) return SG_ERR_UNKNOWN;
    *output = signal_buffer_create(md, md_len);
    return *output != nullptr ? 0 : SG_ERR_NOMEM;
}

void hmac_sha256_cleanup(void* context, void*) { EVP_MAC_CTX_free(static_cast<EVP_MAC_CTX*>(context)); }

int sha512_init(void** context, void*) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (ctx == nullptr) return SG_ERR_NOMEM;
    if (EVP_DigestInit_ex(ctx, EVP_sha512(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx);
        return SG_ERR_UNKNOWN;
    }
    *context = ctx;
    return 0;
}

int sha512_update(void* context, const uint8_t* data, size_t len, void*) {
    return EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context), data, len) == 1 ? 0 : SG_ERR_UNKNOWN;
}

int sha512_final(void* context, signal_buffer** output, void*) {
    auto* ctx = static_cast<EVP_MD_CTX*>(context);
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (EVP_DigestFinal_ex(ctx, md, &md_len) != 1) return SG_ERR_UNKNOWN;
    // libsignal reuses the context after final (XEdDSA hashes twice), so it must be ready again.
    if (EVP_DigestInit_ex(ctx, EVP_sha512(), nullptr) != 1) return SG_ERR_UNKNOWN;
    *output = signal_buffer_create(md, md_len);
    return *output != nullptr ? 0 : SG_ERR_NOMEM;
}

void sha512_cleanup(void* context, void*) { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context)); }

const EVP_CIPHER* aes_cipher(int cipher, size_t key_len) {
    const bool cbc = cipher == SG_CIPHER_AES_CBC_PKCS5;
    if (!cbc && cipher != SG_CIPHER_AES_CTR_NOPADDING) return nullptr;
    switch (key_len) {
        case 16: return cbc ? EVP_aes_128_cbc() : EVP_aes_128_ctr();
        case 24: return cbc ? EVP_aes_192_cbc() : EVP_aes_192_ctr();
        case 32: return cbc ? EVP_aes_256_cbc() : EVP_aes_256_ctr();
        default: return nullptr;
    }
}

// One function for both directions: the OpenSSL calls differ only in the `encrypt` flag.
int aes_run(bool encrypt, signal_buffer** output, int cipher, const uint8_t* key, size_t key_len, const uint8_t* iv,
            size_t iv_len, const uint8_t* input, size_t input_len) {
    const EVP_CIPHER* evp = aes_cipher(cipher, key_len);
    if (evp == nullptr || iv_len != 16) return SG_ERR_INVAL;
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    if (ctx == nullptr) return SG_ERR_NOMEM;
    std::vector<uint8_t> out(input_len + 16);
    int len1 = 0;
    int len2 = 0;
    int result = SG_ERR_UNKNOWN;
    if (EVP_CipherInit_ex(ctx, evp, nullptr, key, iv, encrypt ? 1 : 0) == 1 &&
        EVP_CIPHER_CTX_set_padding(ctx, cipher == SG_CIPHER_AES_CBC_PKCS5 ? 1 : 0) == 1 &&
        EVP_CipherUpdate(ctx, out.data(), &len1, input, static_cast<int>(input_len)) == 1 &&
        EVP_CipherFinal_ex(ctx, out.data() + len1, &len2) == 1) {
        *output = signal_buffer_create(out.data(), static_cast<size_t>(len1 + len2));
        result = *output != nullptr ? 0 : SG_ERR_NOMEM;
    }
    EVP_CIPHER_CTX_free(ctx);
    OPENSSL_cleanse(out.data(), out.size());  // plaintext of message keys must not linger on the heap
    return result;
}

int aes_encrypt(signal_buffer** output, int cipher, const uint8_t* key, size_t key_len, const uint8_t* iv,
                size_t iv_len, const uint8_t* plaintext, size_t plaintext_len, void*) {
    return aes_run(true, output, cipher, key, key_len, iv, iv_len, plaintext, plaintext_len);
}

int aes_decrypt(signal_buffer** output, int cipher, const uint8_t* key, size_t key_len, const uint8_t* iv,
                size_t iv_len, const uint8_t* ciphertext, size_t ciphertext_len, void*) {
    return aes_run(false, output, cipher, key, key_len, iv, iv_len, ciphertext, ciphertext_len);
}

}  // namespace

signal_crypto_provider openssl_crypto_provider() {
    signal_crypto_provider provider{};
    provider.random_func = random_bytes;
    provider.hmac_sha256_init_func = hmac_sha256_init;
    provider.hmac_sha256_update_func = hmac_sha256_update;
    provider.hmac_sha256_final_func = hmac_sha256_final;
    provider.hmac_sha256_cleanup_func = hmac_sha256_cleanup;
    provider.sha512_digest_init_func = sha512_init;
    provider.sha512_digest_update_func = sha512_update;
    provider.sha512_digest_final_func = sha512_final;
    provider.sha512_digest_cleanup_func = sha512_cleanup;
    provider.encrypt_func = aes_encrypt;
    provider.decrypt_func = aes_decrypt;
    provider.user_data = nullptr;
    return provider;
}

}  // namespace wagw::wa::signal
