// The OpenSSL provider checked through libsignal-protocol-c itself, with published test vectors.
#include "backend/wa/signal/openssl_crypto_provider.hpp"
#include "backend/wa/signal/signal_context.hpp"

#include <catch2/catch.hpp>
#include <hkdf.h>
#include <signal_protocol.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace wagw::wa::signal;

namespace {

std::string hex(const uint8_t* data, size_t len) {
    std::string out;
    char buf[3];
    for (size_t i = 0; i < len; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", data[i]);
        out += buf;
    }
    return out;
}

std::string hex(signal_buffer* buffer) { return hex(signal_buffer_data(buffer), signal_buffer_len(buffer)); }

}  // namespace

TEST_CASE("libsignal's HKDF over our HMAC reproduces RFC 5869 test case 1") {
    auto context = SignalContext::create();
    REQUIRE(context.ok());
    hkdf_context* kdf = nullptr;
    REQUIRE(hkdf_create(&kdf, 3, (*context)->raw()) == 0);
    std::vector<uint8_t> ikm(22, 0x0b);
    std::vector<uint8_t> salt = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    std::vector<uint8_t> info = {0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9};
    uint8_t* output = nullptr;
    const ssize_t len = hkdf_derive_secrets(kdf, &output, ikm.data(), ikm.size(), salt.data(), salt.size(),
                                            info.data(), info.size(), 42);
    REQUIRE(len == 42);
    CHECK(hex(output, 42) ==
          "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    free(output);
    SIGNAL_UNREF(kdf);
}

TEST_CASE("SHA-512 of \"abc\" matches FIPS 180-2, twice on one context") {
    const signal_crypto_provider provider = openssl_crypto_provider();
    void* ctx = nullptr;
    REQUIRE(provider.sha512_digest_init_func(&ctx, nullptr) == 0);
    const std::string expected =
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423"
        "643ce80e2a9ac94fa54ca49f";
    for (int round = 0; round < 2; ++round) {
        REQUIRE(provider.sha512_digest_update_func(ctx, reinterpret_cast<const uint8_t*>("abc"), 3, nullptr) == 0);
        signal_buffer* out = nullptr;
        REQUIRE(provider.sha512_digest_final_func(ctx, &out, nullptr) == 0);
        CHECK(hex(out) == expected);
        signal_buffer_free(out);
    }
    provider.sha512_digest_cleanup_func(ctx, nullptr);
}

TEST_CASE("AES-CBC with PKCS#5 padding matches a NIST vector, and CBC and CTR round-trip") {
    const signal_crypto_provider provider = openssl_crypto_provider();
    // NIST SP 800-38A F.2.5 (CBC-AES256.Encrypt), first block.
    const std::vector<uint8_t> key = {0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae,
                                      0xf0, 0x85, 0x7d, 0x77, 0x81, 0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61,
                                      0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4};
    std::vector<uint8_t> iv(16);
    for (int i = 0; i < 16; ++i) iv[i] = static_cast<uint8_t>(i);
    const std::vector<uint8_t> block = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
                                        0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a};
    signal_buffer* cbc = nullptr;
    REQUIRE(provider.encrypt_func(&cbc, SG_CIPHER_AES_CBC_PKCS5, key.data(), key.size(), iv.data(), iv.size(),
                                  block.data(), block.size(), nullptr) == 0);
    REQUIRE(signal_buffer_len(cbc) == 32);  // one data block + one full padding block
    CHECK(hex(signal_buffer_data(cbc), 16) == "f58c4c04d6e5f1ba779eabfb5f7bfbd6");
    signal_buffer* back = nullptr;
    REQUIRE(provider.decrypt_func(&back, SG_CIPHER_AES_CBC_PKCS5, key.data(), key.size(), iv.data(), iv.size(),
                                  signal_buffer_data(cbc), signal_buffer_len(cbc), nullptr) == 0);
    CHECK(hex(back) == hex(block.data(), block.size()));

    const std::vector<uint8_t> odd = {1, 2, 3, 4, 5};
    signal_buffer* ctr = nullptr;
    REQUIRE(provider.encrypt_func(&ctr, SG_CIPHER_AES_CTR_NOPADDING, key.data(), key.size(), iv.data(), iv.size(),
                                  odd.data(), odd.size(), nullptr) == 0);
    CHECK(signal_buffer_len(ctr) == 5);
    signal_buffer* ctr_back = nullptr;
    REQUIRE(provider.decrypt_func(&ctr_back, SG_CIPHER_AES_CTR_NOPADDING, key.data(), key.size(), iv.data(),
                                  iv.size(), signal_buffer_data(ctr), 5, nullptr) == 0);
    CHECK(hex(ctr_back) == "0102030405");

    // Tampered CBC padding must fail rather than return garbage.
    signal_buffer_data(cbc)[31] ^= 0x01;
    signal_buffer* bad = nullptr;
    CHECK(provider.decrypt_func(&bad, SG_CIPHER_AES_CBC_PKCS5, key.data(), key.size(), iv.data(), iv.size(),
                                signal_buffer_data(cbc), signal_buffer_len(cbc), nullptr) != 0);
    CHECK(provider.encrypt_func(&bad, 99, key.data(), key.size(), iv.data(), iv.size(), block.data(), block.size(),
                                nullptr) != 0);
    signal_buffer_free(cbc);
    signal_buffer_free(back);
    signal_buffer_free(ctr);
    signal_buffer_free(ctr_back);
}

TEST_CASE("The shared context is created once and reused") {
    SignalContext* shared = SignalContext::shared();
    REQUIRE(shared != nullptr);
    CHECK(SignalContext::shared() == shared);
}
