#pragma once
// What a virtual phone does before it sends a photo, video, voice note or document: encrypt the file under a
// fresh media key (backend/wa/media) and put the blob in the simulator's media store, exactly where a client's
// upload to /mms/<type> would land. The returned Media carries url, direct path, key and both hashes, ready to go
// into a message that any client downloads and checks.
#include <span>
#include <string>

#include "backend/wa/message/content.hpp"
#include "common/util/result.hpp"
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

struct PhoneMediaRequest {
    wa::media::MediaKind kind = wa::media::MediaKind::Image;
    std::string mimetype;
    std::string caption;
    std::string file_name;  // documents
    bool voice_note = false;  // audio sent as a push-to-talk note
};

// Errors: "media_store_full", and encryption failures.
Result<wa::message::Media> phone_upload_media(SimulatorContext& context, const PhoneMediaRequest& request,
                                              std::span<const std::uint8_t> file);

}  // namespace wagw::wasim
