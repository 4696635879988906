#include <catch2/catch.hpp>

#include "backend/wa/media/media_cipher.hpp"

using namespace wagw::wa::media;

namespace {
Bytes sample(std::size_t size) {
    Bytes out(size);
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(i * 7 + 3);
    return out;
}
}  // namespace

TEST_CASE("media round-trips for every kind and size, with the hashes the message carries") {
    for (MediaKind kind : {MediaKind::Image, MediaKind::Video, MediaKind::Audio, MediaKind::Document,
                           MediaKind::Sticker, MediaKind::History}) {
        for (std::size_t size : {0u, 1u, 15u, 16u, 17u, 1000u, 65536u}) {
            INFO(kind_name(kind) << " " << size);
            const Bytes file = sample(size);
            auto encrypted = encrypt_media(kind, file);
            REQUIRE(encrypted.ok());
            CHECK(encrypted->file_length == size);
            CHECK(encrypted->blob.size() == (size / 16 + 1) * 16 + 10);
            CHECK(encrypted->file_sha256 == sha256(file));
            CHECK(encrypted->file_enc_sha256 == sha256(encrypted->blob));
            auto decrypted = decrypt_media(kind, encrypted->media_key, encrypted->blob,
                                           {encrypted->file_enc_sha256, encrypted->file_sha256});
            REQUIRE(decrypted.ok());
            CHECK(*decrypted == file);
        }
    }
}

TEST_CASE("a damaged or mismatched download is refused with the reason") {
    const Bytes file = sample(5000);
    auto encrypted = encrypt_media(MediaKind::Image, file);
    REQUIRE(encrypted.ok());

    Bytes flipped = encrypted->blob;
    flipped[100] ^= 1;
    auto mac = decrypt_media(MediaKind::Image, encrypted->media_key, flipped);
    REQUIRE_FALSE(mac.ok());
    CHECK(mac.error().code == "media_mac_mismatch");

    auto hash = decrypt_media(MediaKind::Image, encrypted->media_key, flipped, {encrypted->file_enc_sha256, {}});
    REQUIRE_FALSE(hash.ok());
    CHECK(hash.error().code == "media_hash_mismatch");

    auto wrong_kind = decrypt_media(MediaKind::Video, encrypted->media_key, encrypted->blob);
    REQUIRE_FALSE(wrong_kind.ok());
    CHECK(wrong_kind.error().code == "media_mac_mismatch");

    Sha256 other = encrypted->file_sha256;
    other[0] ^= 1;
    auto plain_hash = decrypt_media(MediaKind::Image, encrypted->media_key, encrypted->blob, {{}, other});
    REQUIRE_FALSE(plain_hash.ok());
    CHECK(plain_hash.error().code == "media_hash_mismatch");

    auto short_blob = decrypt_media(MediaKind::Image, encrypted->media_key, std::span(encrypted->blob).first(20));
    REQUIRE_FALSE(short_blob.ok());
    CHECK(short_blob.error().code == "media_corrupt");
    CHECK_FALSE(decrypt_media(MediaKind::Image, std::span(encrypted->media_key).first(31), encrypted->blob).ok());
}

TEST_CASE("the same media key always expands to the same keys, different per kind") {
    MediaKey key{};
    key.fill(0x42);
    auto image = expand_media_key(MediaKind::Image, key);
    auto sticker = expand_media_key(MediaKind::Sticker, key);
    auto video = expand_media_key(MediaKind::Video, key);
    REQUIRE(image.ok());
    CHECK(image->cipher_key == sticker->cipher_key);  // stickers use the image schedule
    CHECK(image->cipher_key != video->cipher_key);
    auto again = encrypt_media(MediaKind::Image, sample(100), key);
    auto twice = encrypt_media(MediaKind::Image, sample(100), key);
    CHECK(again->blob == twice->blob);
}

TEST_CASE("kinds have names, upload paths and a base64url upload token") {
    CHECK(upload_path(MediaKind::Audio) == "/mms/audio");
    CHECK(hkdf_info(MediaKind::Document) == "WhatsApp Document Keys");
    CHECK(media_kind_from_name("video") == MediaKind::Video);
    CHECK_FALSE(media_kind_from_name("hologram").has_value());
    Sha256 hash{};
    for (std::size_t i = 0; i < hash.size(); ++i) hash[i] = static_cast<std::uint8_t>(i * 9 + 250);
    const std::string token = upload_token(hash);
    CHECK(token.size() == 43);
    CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
}
