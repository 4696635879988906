#include "backend/wa/media/media_cipher.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <memory>

#include "common/util/base64.hpp"

namespace wagw::wa::media {
namespace {

constexpr std::size_t kMacSize = 10;

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

Result<Bytes> aes_cbc(bool encrypt, const MediaKeys& keys, std::span<const std::uint8_t> input) {
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, keys.cipher_key.data(), keys.iv.data(),
                                  encrypt ? 1 : 0) != 1) {
        return Error{"crypto", "AES-256-CBC is not available"};
    }
    Bytes output(input.size() + 16);
    int written = 0, tail = 0;
    if (EVP_CipherUpdate(ctx.get(), output.data(), &written, input.data(), static_cast<int>(input.size())) != 1 ||
        EVP_CipherFinal_ex(ctx.get(), output.data() + written, &tail) != 1) {
        return Error{"media_corrupt", "the media file does not decrypt (bad padding)"};
    }
    output.resize(static_cast<std::size_t>(written + tail));
    return output;
}

struct MacCtxFree {
    void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

// HMAC-SHA256(mac key, iv || ciphertext), fed in two parts so a large ciphertext is never copied.
Result<std::array<std::uint8_t, 32>> mac_of(const MediaKeys& keys, std::span<const std::uint8_t> ciphertext) {
    EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(hmac ? EVP_MAC_CTX_new(hmac) : nullptr);
    EVP_MAC_free(hmac);
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", const_cast<char*>("SHA256"), 0),
                           OSSL_PARAM_construct_end()};
    std::array<std::uint8_t, 32> mac{};
    std::size_t length = 0;
    if (!ctx || EVP_MAC_init(ctx.get(), keys.mac_key.data(), keys.mac_key.size(), params) != 1 ||
        EVP_MAC_update(ctx.get(), keys.iv.data(), keys.iv.size()) != 1 ||
        EVP_MAC_update(ctx.get(), ciphertext.data(), ciphertext.size()) != 1 ||
        EVP_MAC_final(ctx.get(), mac.data(), &length, mac.size()) != 1 || length != mac.size()) {
        return Error{"crypto", "HMAC-SHA256 is not available"};
    }
    return mac;
}

}  // namespace

Sha256 sha256(std::span<const std::uint8_t> data) {
    Sha256 digest{};
    SHA256(data.data(), data.size(), digest.data());
    return digest;
}

std::string upload_token(const Sha256& file_enc_sha256) {
    return util::base64_encode(file_enc_sha256, util::Base64Alphabet::url_safe_unpadded);
}

Result<EncryptedMedia> encrypt_media(MediaKind kind, std::span<const std::uint8_t> plaintext) {
    MediaKey key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
        return Error{"crypto", "no randomness for a media key"};
    }
    auto encrypted = encrypt_media(kind, plaintext, key);
    OPENSSL_cleanse(key.data(), key.size());
    return encrypted;
}

Result<EncryptedMedia> encrypt_media(MediaKind kind, std::span<const std::uint8_t> plaintext, const MediaKey& key) {
    auto keys = expand_media_key(kind, key);
    if (!keys) return keys.error();
    auto ciphertext = aes_cbc(true, *keys, plaintext);
    if (!ciphertext) return ciphertext.error();
    auto mac = mac_of(*keys, *ciphertext);
    if (!mac) return mac.error();
    EncryptedMedia out;
    out.media_key = key;
    out.blob = std::move(*ciphertext);
    out.blob.insert(out.blob.end(), mac->begin(), mac->begin() + kMacSize);
    out.file_sha256 = sha256(plaintext);
    out.file_enc_sha256 = sha256(out.blob);
    out.file_length = plaintext.size();
    return out;
}

Result<Bytes> decrypt_media(MediaKind kind, std::span<const std::uint8_t> media_key, std::span<const std::uint8_t> blob,
                            const ExpectedHashes& expected) {
    if (blob.size() < kMacSize + 16 || (blob.size() - kMacSize) % 16 != 0) {
        return Error{"media_corrupt", "the media file is too short or not whole AES blocks"};
    }
    if (expected.file_enc_sha256 && sha256(blob) != *expected.file_enc_sha256) {
        return Error{"media_hash_mismatch", "the downloaded file does not match the message's fileEncSha256"};
    }
    auto keys = expand_media_key(kind, media_key);
    if (!keys) return keys.error();
    const auto ciphertext = blob.first(blob.size() - kMacSize);
    auto mac = mac_of(*keys, ciphertext);
    if (!mac) return mac.error();
    if (CRYPTO_memcmp(mac->data(), blob.data() + ciphertext.size(), kMacSize) != 0) {
        return Error{"media_mac_mismatch", "the media file failed its MAC check (wrong key or damaged file)"};
    }
    auto plaintext = aes_cbc(false, *keys, ciphertext);
    if (!plaintext) return plaintext.error();
    if (expected.file_sha256 && sha256(*plaintext) != *expected.file_sha256) {
        return Error{"media_hash_mismatch", "the decrypted file does not match the message's fileSha256"};
    }
    return plaintext;
}

}  // namespace wagw::wa::media
