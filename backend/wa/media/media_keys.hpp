#pragma once
// WhatsApp's media key schedule: one random 32-byte media key per file, expanded with HKDF-SHA256 under an info
// string that names the media type into the AES-CBC iv and key, the HMAC key and an unused ref key.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::wa::media {

enum class MediaKind { Image, Video, Audio, Document, Sticker, History, AppState, LinkThumbnail };

std::string_view hkdf_info(MediaKind kind);   // "WhatsApp Image Keys", ...
std::string_view upload_path(MediaKind kind);  // "/mms/image", ...
std::string_view kind_name(MediaKind kind);    // "image", "video", ... as in the REST API and Baileys
std::optional<MediaKind> media_kind_from_name(std::string_view name);

struct MediaKeys {
    std::array<std::uint8_t, 16> iv{};
    std::array<std::uint8_t, 32> cipher_key{};
    std::array<std::uint8_t, 32> mac_key{};
    std::array<std::uint8_t, 32> ref_key{};
};

using MediaKey = std::array<std::uint8_t, 32>;

Result<MediaKeys> expand_media_key(MediaKind kind, std::span<const std::uint8_t> media_key);

}  // namespace wagw::wa::media
