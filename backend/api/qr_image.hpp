#pragma once
// QR codes for GET .../qr: libqrencode makes the module matrix, which goes out as JSON (for the browser app
// to draw), as a PNG (libpng) or as an SVG.
#include <string>
#include <string_view>

#include "common/model/qr_matrix.hpp"
#include "common/util/result.hpp"

namespace wagw::api {

// The modules of `text` (error correction level L, as WhatsApp's own QR codes); qr and expires_at stay empty.
Result<model::QrMatrix> qr_encode(std::string_view text);

// Black modules on white, `scale` pixels per module, with the quiet zone of 4 modules the standard asks for.
Result<std::string> qr_png(const model::QrMatrix& matrix, int scale = 8);
// The same as a scalable SVG document: one path of unit squares, so it stays sharp at any size.
std::string qr_svg(const model::QrMatrix& matrix);

}  // namespace wagw::api
