#include "backend/wa/media/media_keys.hpp"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <string>

namespace wagw::wa::media {
namespace {

struct KindInfo {
    MediaKind kind;
    std::string_view name, info, path;
};

constexpr std::array kKinds{
    KindInfo{MediaKind::Image, "image", "WhatsApp Image Keys", "/mms/image"},
    KindInfo{MediaKind::Video, "video", "WhatsApp Video Keys", "/mms/video"},
    KindInfo{MediaKind::Audio, "audio", "WhatsApp Audio Keys", "/mms/audio"},
    KindInfo{MediaKind::Document, "document", "WhatsApp Document Keys", "/mms/document"},
    // Stickers share the image key schedule and upload path.
    KindInfo{MediaKind::Sticker, "sticker", "WhatsApp Image Keys", "/mms/image"},
    KindInfo{MediaKind::History, "md-msg-hist", "WhatsApp History Keys", "/mms/md-msg-hist"},
    KindInfo{MediaKind::AppState, "md-app-state", "WhatsApp App State Keys", "/mms/md-app-state"},
    KindInfo{MediaKind::LinkThumbnail, "thumbnail-link", "WhatsApp Link Thumbnail Keys", "/mms/image"},
};

const KindInfo& info_of(MediaKind kind) {
    for (const KindInfo& k : kKinds) {
        if (k.kind == kind) return k;
    }
    return kKinds.front();
}

}  // namespace

std::string_view hkdf_info(MediaKind kind) { return info_of(kind).info; }
std::string_view upload_path(MediaKind kind) { return info_of(kind).path; }
std::string_view kind_name(MediaKind kind) { return info_of(kind).name; }

std::optional<MediaKind> media_kind_from_name(std::string_view name) {
    for (const KindInfo& k : kKinds) {
        if (k.name == name) return k.kind;
    }
    return std::nullopt;
}

Result<MediaKeys> expand_media_key(MediaKind kind, std::span<const std::uint8_t> media_key) {
    if (media_key.size() != 32) {
        return Error{"invalid_media_key", "a media key is 32 bytes, got " + std::to_string(media_key.size())};
    }
    std::array<std::uint8_t, 112> expanded{};
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    EVP_KDF_CTX* ctx = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
    EVP_KDF_free(kdf);
    if (!ctx) return Error{"crypto", "OpenSSL has no HKDF"};
    std::string info(hkdf_info(kind));
    std::array<std::uint8_t, 32> zero_salt{};  // "no salt" in HKDF means a hash-length block of zeros
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(media_key.data()),
                                          media_key.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, zero_salt.data(), zero_salt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
        OSSL_PARAM_construct_end(),
    };
    const int ok = EVP_KDF_derive(ctx, expanded.data(), expanded.size(), params);
    EVP_KDF_CTX_free(ctx);
    if (ok != 1) return Error{"crypto", "HKDF failed while expanding a media key"};
    MediaKeys keys;
    auto at = expanded.begin();
    std::copy_n(at, 16, keys.iv.begin());
    std::copy_n(at + 16, 32, keys.cipher_key.begin());
    std::copy_n(at + 48, 32, keys.mac_key.begin());
    std::copy_n(at + 80, 32, keys.ref_key.begin());
    OPENSSL_cleanse(expanded.data(), expanded.size());
    return keys;
}

}  // namespace wagw::wa::media
