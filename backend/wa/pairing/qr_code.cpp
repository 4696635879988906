#include "backend/wa/pairing/qr_code.hpp"

#include <algorithm>
#include <vector>

#include "common/util/base64.hpp"

namespace wagw::wa::pairing {
namespace {

Error invalid(std::string what) { return Error{"invalid_qr", "QR string: " + std::move(what)}; }

std::vector<std::string_view> split_commas(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        parts.push_back(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) return parts;
        start = comma + 1;
    }
}

template <std::size_t N>
Status decode_key(std::string_view text, const char* name, std::array<std::uint8_t, N>& out) {
    auto bytes = util::base64_decode(text);
    if (!bytes) return invalid(std::string(name) + " is not base64");
    if (bytes->size() != N) return invalid(std::string(name) + " must be " + std::to_string(N) + " bytes");
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return ok_status();
}

}  // namespace

Result<QrCode> parse_qr_code(std::string_view text) {
    if (text.starts_with(kQrUrlPrefix)) text.remove_prefix(kQrUrlPrefix.size());
    const auto parts = split_commas(text);
    if (parts.size() != 4 && parts.size() != 5) return invalid("expected 4 or 5 comma-separated parts");
    QrCode code;
    if (parts[0].empty()) return invalid("empty ref");
    code.ref = std::string(parts[0]);
    if (auto s = decode_key(parts[1], "noise key", code.noise_public); !s) return s.error();
    if (auto s = decode_key(parts[2], "identity key", code.identity_public); !s) return s.error();
    if (auto s = decode_key(parts[3], "adv secret", code.adv_secret); !s) return s.error();
    if (parts.size() == 5) {
        if (parts[4].empty()) return invalid("empty platform");
        code.platform = std::string(parts[4]);
    }
    return code;
}

std::string format_qr_code(const QrCode& code) {
    std::string text = code.ref + "," + util::base64_encode(code.noise_public) + "," + util::base64_encode(code.identity_public) +
                       "," + util::base64_encode(code.adv_secret);
    if (code.platform.empty()) return text;
    return std::string(kQrUrlPrefix) + text + "," + code.platform;
}

}  // namespace wagw::wa::pairing
