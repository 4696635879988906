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
    auto matrix = api::qr_encode(text);
    REQUIRE(matrix.ok());
    auto png = api::qr_png(*matrix, scale);
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

TEST_CASE("the module matrix, its JSON and its SVG hold the same modules as libqrencode's code") {
    const std::string text = "2@ref,noise,identity,adv";
    auto matrix = api::qr_encode(text);
    REQUIRE(matrix.ok());
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1), &QRcode_free);
    REQUIRE(code);
    REQUIRE(matrix->size == code->width);
    int dark_modules = 0;
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            const bool dark = (code->data[y * code->width + x] & 1) != 0;
            CHECK(matrix->dark(x, y) == dark);
            dark_modules += dark ? 1 : 0;
        }
    }

    matrix->qr = text;
    matrix->expires_at = 1700000000000;
    auto back = model::qr_matrix_from_json(model::to_json(*matrix));
    REQUIRE(back.ok());
    CHECK(back->rows == matrix->rows);
    CHECK(back->qr == text);

    // One unit square per dark module, offset by the quiet zone.
    const std::string svg = api::qr_svg(*matrix);
    std::size_t squares = 0;
    for (std::size_t at = svg.find("h1v1h-1z"); at != std::string::npos; at = svg.find("h1v1h-1z", at + 1)) ++squares;
    CHECK(squares == static_cast<std::size_t>(dark_modules));
    CHECK(svg.find("viewBox=\"0 0 " + std::to_string(code->width + 8)) != std::string::npos);
}

TEST_CASE("a malformed matrix is refused") {
    nlohmann::json json = {{"qr", "x"}, {"expires_at", 1}, {"size", 21}, {"rows", nlohmann::json::array()}};
    CHECK_FALSE(model::qr_matrix_from_json(json).ok());
    json["rows"] = std::vector<std::string>(21, std::string(21, '2'));
    CHECK_FALSE(model::qr_matrix_from_json(json).ok());
    json["rows"] = std::vector<std::string>(21, std::string(20, '0'));
    CHECK_FALSE(model::qr_matrix_from_json(json).ok());
    json["rows"] = std::vector<std::string>(21, std::string(21, '0'));
    CHECK(model::qr_matrix_from_json(json).ok());
}
