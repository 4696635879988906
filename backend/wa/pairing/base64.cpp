#include "backend/wa/pairing/base64.hpp"

#include <openssl/evp.h>

namespace wagw::wa::pairing {

std::string base64_encode(std::span<const std::uint8_t> bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                        static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

Result<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    const Error bad{"invalid_base64", "not standard base64 (A-Z a-z 0-9 + /, padded to a multiple of 4)"};
    if (text.size() % 4 != 0) return bad;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                              c == '+' || c == '/';
        // '=' only as one or two trailing padding characters.
        const bool padding = c == '=' && i + 2 >= text.size() && (i + 1 == text.size() || text.back() == '=');
        if (!alphabet && !padding) return bad;
    }
    std::vector<std::uint8_t> out(3 * text.size() / 4);
    const int written = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                        static_cast<int>(text.size()));
    if (written < 0) return bad;
    // EVP_DecodeBlock counts padding as zero bytes; drop them.
    std::size_t size = static_cast<std::size_t>(written);
    if (!text.empty() && text.back() == '=') --size;
    if (text.size() >= 2 && text[text.size() - 2] == '=') --size;
    out.resize(size);
    return out;
}

}  // namespace wagw::wa::pairing
