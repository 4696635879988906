// Command-line access to our XEdDSA for the libsignal-node cross-check (xeddsa_libsignal.test.mjs).
//   keygen                          -> "<private hex> <public hex>"   (test keys only)
//   sign <private hex> <msg hex>    -> "<signature hex>"
//   verify <public hex> <msg hex> <signature hex>  -> "valid" | "invalid <error code>"
#include "backend/wa/signal/xeddsa.hpp"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

using namespace wagw::wa::signal;

namespace {

std::optional<std::vector<uint8_t>> from_hex(const std::string& text) {
    if (text.size() % 2 != 0) return std::nullopt;
    std::vector<uint8_t> out;
    for (size_t i = 0; i < text.size(); i += 2) {
        unsigned value = 0;
        if (std::sscanf(text.c_str() + i, "%2x", &value) != 1) return std::nullopt;
        out.push_back(static_cast<uint8_t>(value));
    }
    return out;
}

std::string to_hex(const uint8_t* data, size_t len) {
    std::string out;
    char buf[3];
    for (size_t i = 0; i < len; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", data[i]);
        out += buf;
    }
    return out;
}

int usage() {
    std::fprintf(stderr, "usage: wa_xeddsa_tool keygen | sign PRIV MSG | verify PUB MSG SIG (hex)\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string command = argv[1];
    if (command == "keygen" && argc == 2) {
        const KeyPair pair = KeyPair::generate();
        std::printf("%s %s\n", to_hex(pair.private_key.data(), 32).c_str(), to_hex(pair.public_key.data(), 32).c_str());
        return 0;
    }
    if (command == "sign" && argc == 4) {
        auto priv = from_hex(argv[2]);
        auto message = from_hex(argv[3]);
        if (!priv || priv->size() != 32 || !message) return usage();
        const KeyPair pair = KeyPair::from_private(std::span<const uint8_t, 32>(priv->data(), 32));
        auto signature = xeddsa_sign(pair.private_key, *message);
        if (!signature) {
            std::fprintf(stderr, "%s\n", signature.error().message.c_str());
            return 1;
        }
        std::printf("%s\n", to_hex(signature->data(), signature->size()).c_str());
        return 0;
    }
    if (command == "verify" && argc == 5) {
        auto pub = from_hex(argv[2]);
        auto message = from_hex(argv[3]);
        auto signature = from_hex(argv[4]);
        if (!pub || !message || !signature) return usage();
        auto verdict = xeddsa_verify(*pub, *message, *signature);
        if (verdict) {
            std::printf("valid\n");
        } else {
            std::printf("invalid %s\n", verdict.error().code.c_str());
        }
        return 0;
    }
    return usage();
}
