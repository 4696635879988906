#include "backend/api/qr_image.hpp"

#include <png.h>
#include <qrencode.h>

#include <memory>
#include <vector>

namespace wagw::api {
namespace {

constexpr int kQuietZone = 4;

void append_to_string(png_structp png, png_bytep data, png_size_t length) {
    auto* out = static_cast<std::string*>(png_get_io_ptr(png));
    out->append(reinterpret_cast<const char*>(data), length);
}

void flush_nothing(png_structp) {}

}  // namespace

Result<std::string> qr_png(std::string_view text, int scale) {
    const std::string input(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1), &QRcode_free);
    if (!code) return Error{"qr_failed", "the QR code could not be encoded"};
    const int modules = code->width + 2 * kQuietZone;
    const auto side = static_cast<png_uint_32>(modules * scale);

    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (!png) return Error{"png_failed", "libpng could not start"};
    png_infop info = png_create_info_struct(png);
    std::string out;
    std::vector<png_byte> row(side);
    // libpng reports errors by longjmp; nothing with a destructor is created between here and the end.
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info ? &info : nullptr);
        return Error{"png_failed", "the PNG could not be written"};
    }
    png_set_write_fn(png, &out, append_to_string, flush_nothing);
    png_set_IHDR(png, info, side, side, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < modules; ++y) {
        for (int x = 0; x < modules; ++x) {
            const int qx = x - kQuietZone, qy = y - kQuietZone;
            const bool dark = qx >= 0 && qy >= 0 && qx < code->width && qy < code->width &&
                              (code->data[qy * code->width + qx] & 1) != 0;
            for (int i = 0; i < scale; ++i) row[static_cast<std::size_t>(x * scale + i)] = dark ? 0 : 255;
        }
        for (int i = 0; i < scale; ++i) png_write_row(png, row.data());
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

}  // namespace wagw::api
