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

// Dark or light at (x, y) of the image, the quiet zone included.
bool dark_with_margin(const model::QrMatrix& matrix, int x, int y) {
    const int qx = x - kQuietZone, qy = y - kQuietZone;
    return qx >= 0 && qy >= 0 && qx < matrix.size && qy < matrix.size && matrix.dark(qx, qy);
}

}  // namespace

Result<model::QrMatrix> qr_encode(std::string_view text) {
    const std::string input(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1), &QRcode_free);
    if (!code) return Error{"qr_failed", "the QR code could not be encoded"};
    model::QrMatrix matrix;
    matrix.size = code->width;
    matrix.rows.assign(static_cast<std::size_t>(code->width),
                       std::string(static_cast<std::size_t>(code->width), '0'));
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if ((code->data[y * code->width + x] & 1) != 0) {
                matrix.rows[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] = '1';
            }
        }
    }
    return matrix;
}

Result<std::string> qr_png(const model::QrMatrix& matrix, int scale) {
    const int modules = matrix.size + 2 * kQuietZone;
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
            const png_byte shade = dark_with_margin(matrix, x, y) ? 0 : 255;
            for (int i = 0; i < scale; ++i) row[static_cast<std::size_t>(x * scale + i)] = shade;
        }
        for (int i = 0; i < scale; ++i) png_write_row(png, row.data());
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

std::string qr_svg(const model::QrMatrix& matrix) {
    const int side = matrix.size + 2 * kQuietZone;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(side) +
                      " " + std::to_string(side) + "\" shape-rendering=\"crispEdges\">";
    svg += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
    for (int y = 0; y < matrix.size; ++y) {
        for (int x = 0; x < matrix.size; ++x) {
            if (!matrix.dark(x, y)) continue;
            svg += 'M' + std::to_string(x + kQuietZone) + ' ' + std::to_string(y + kQuietZone) + "h1v1h-1z";
        }
    }
    svg += "\"/></svg>\n";
    return svg;
}

}  // namespace wagw::api
