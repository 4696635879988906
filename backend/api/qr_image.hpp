#pragma once
// A QR code as a PNG image (libqrencode for the modules, libpng for the file), for GET .../qr?format=png.
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::api {

// Black modules on white, `scale` pixels per module, with the quiet zone of 4 modules the standard asks for.
Result<std::string> qr_png(std::string_view text, int scale = 8);

}  // namespace wagw::api
