// Encrypts or decrypts one media file the way the client does, for the interop test with Baileys.
//   wa_media_tool encrypt KIND PLAIN_IN BLOB_OUT         -> JSON {mediaKey, fileSha256, fileEncSha256, fileLength} (base64)
//   wa_media_tool decrypt KIND MEDIA_KEY_B64 BLOB_IN PLAIN_OUT [FILE_ENC_SHA256_B64 FILE_SHA256_B64]
//   wa_media_tool keys KIND MEDIA_KEY_B64                -> JSON {iv, cipherKey, macKey} (base64)

#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "backend/wa/media/media_cipher.hpp"
#include "common/util/base64.hpp"


using namespace wagw::wa::media;

namespace {

std::string b64(std::span<const std::uint8_t> bytes) { return wagw::util::base64_encode(bytes); }

// The node test only hands us base64 it made; anything else is a broken test, so it stops here.
Bytes unb64(const std::string& text) {
    auto bytes = wagw::util::base64_decode(text);
    if (!bytes) throw std::runtime_error(bytes.error().message);
    return Bytes(bytes->begin(), bytes->end());
}

Bytes read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

int fail(const wagw::Error& error) {
    std::cout << nlohmann::json{{"error", error.code}, {"message", error.message}}.dump() << "\n";
    return 1;
}

Sha256 sha_from(const std::string& text) {
    Sha256 out{};
    Bytes bytes = unb64(text);
    std::copy_n(bytes.begin(), std::min(bytes.size(), out.size()), out.begin());
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) return 2;
    const std::string command = argv[1];
    auto kind = media_kind_from_name(argv[2]);
    if (!kind) return fail({"usage", "unknown media kind"});
    if (command == "encrypt" && argc == 5) {
        auto encrypted = encrypt_media(*kind, read_file(argv[3]));
        if (!encrypted) return fail(encrypted.error());
        std::ofstream(argv[4], std::ios::binary)
            .write(reinterpret_cast<const char*>(encrypted->blob.data()), static_cast<std::streamsize>(encrypted->blob.size()));
        std::cout << nlohmann::json{{"mediaKey", b64(encrypted->media_key)},
                                    {"fileSha256", b64(encrypted->file_sha256)},
                                    {"fileEncSha256", b64(encrypted->file_enc_sha256)},
                                    {"fileLength", encrypted->file_length}}
                         .dump()
                  << "\n";
        return 0;
    }
    if (command == "decrypt" && argc >= 6) {
        ExpectedHashes expected;
        if (argc == 8) expected = {sha_from(argv[6]), sha_from(argv[7])};
        auto plain = decrypt_media(*kind, unb64(argv[3]), read_file(argv[4]), expected);
        if (!plain) return fail(plain.error());
        std::ofstream(argv[5], std::ios::binary)
            .write(reinterpret_cast<const char*>(plain->data()), static_cast<std::streamsize>(plain->size()));
        std::cout << nlohmann::json{{"ok", true}}.dump() << "\n";
        return 0;
    }
    if (command == "keys") {
        auto keys = expand_media_key(*kind, unb64(argv[3]));
        if (!keys) return fail(keys.error());
        std::cout << nlohmann::json{{"iv", b64(keys->iv)}, {"cipherKey", b64(keys->cipher_key)}, {"macKey", b64(keys->mac_key)}}.dump()
                  << "\n";
        return 0;
    }
    return fail({"usage", "unknown command"});
}
