// The PNG of a QR code, read back with libpng: every module of libqrencode's code for the same text, at the
// scale asked for, black on white, inside a white quiet zone of 4 modules.
#include <catch2/catch.hpp>

#include <png.h>
#include <qrencode.h>

#include <memory>
#include <vector>

#include "backend/api/qr_image.hpp"

using namespace wagw;

TEST_CASE("a QR code PNG holds exactly the code's modules") {
    const std::string text =
        "2@AbCdEfGhIjKlMnOp,QrStUvWxYz0123456789abcdefghij=,KLMNOPQRSTUVWXYZ+/=,abcdefg=";
    const int scale = 6;
    auto png = api::qr_png(text, scale);
    REQUIRE(png.ok());

    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    REQUIRE(png_image_begin_read_from_memory(&image, png->data(), png->size()) != 0);
    image.format = PNG_FORMAT_GRAY;
    std::vector<png_byte> pixels(PNG_IMAGE_SIZE(image));
    REQUIRE(png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr) != 0);

    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1), &QRcode_free);
    REQUIRE(code);
    const int modules = code->width + 2 * 4;
    REQUIRE(image.width == static_cast<png_uint_32>(modules * scale));
    REQUIRE(image.height == image.width);

    int mismatches = 0;
    for (int y = 0; y < modules; ++y) {
        for (int x = 0; x < modules; ++x) {
            const int qx = x - 4, qy = y - 4;
            const bool dark = qx >= 0 && qy >= 0 && qx < code->width && qy < code->width &&
                              (code->data[qy * code->width + qx] & 1) != 0;
            // Every pixel of the module's square has the module's colour.
            for (int py = 0; py < scale; ++py) {
                for (int px = 0; px < scale; ++px) {
                    const auto pixel = pixels[static_cast<std::size_t>(
                        (y * scale + py) * static_cast<int>(image.width) + x * scale + px)];
                    if (pixel != (dark ? 0 : 255)) ++mismatches;
                }
            }
        }
    }
    CHECK(mismatches == 0);
}
