#include "tools/wasim/phone/phone_media.hpp"

#include <ctime>

#include "backend/wa/media/media_cipher.hpp"

namespace wagw::wasim {

Result<wa::message::Media> phone_upload_media(SimulatorContext& context, const PhoneMediaRequest& request,
                                              std::span<const std::uint8_t> file) {
    auto encrypted = wa::media::encrypt_media(request.kind, file);
    if (!encrypted) return encrypted.error();
    // Uploads are stored under the upload path's type ("image", "video", "audio", "document", ...).
    std::string_view upload_type = wa::media::upload_path(request.kind);
    if (auto slash = upload_type.rfind('/'); slash != std::string_view::npos) upload_type.remove_prefix(slash + 1);
    auto direct_path = context.media.put(upload_type, std::string(encrypted->blob.begin(), encrypted->blob.end()));
    if (!direct_path) return direct_path.error();

    wa::message::Media media;
    media.kind = request.kind;
    media.voice_note = request.voice_note;
    media.mimetype = request.mimetype;
    media.caption = request.caption;
    media.file_name = request.file_name;
    media.url = "https://" + context.media_host + *direct_path;
    media.direct_path = *direct_path;
    media.media_key.assign(encrypted->media_key.begin(), encrypted->media_key.end());
    media.file_sha256.assign(encrypted->file_sha256.begin(), encrypted->file_sha256.end());
    media.file_enc_sha256.assign(encrypted->file_enc_sha256.begin(), encrypted->file_enc_sha256.end());
    media.file_length = encrypted->file_length;
    media.media_key_timestamp = static_cast<std::int64_t>(std::time(nullptr));
    return media;
}

}  // namespace wagw::wasim
