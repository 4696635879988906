#pragma once
// A QR code as its module matrix, so the browser app can draw it crisp at any pixel ratio instead of scaling
// a bitmap. GET /api/sessions/{id}/qr?format=matrix sends it; the quiet zone is the drawer's job.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/util/result.hpp"

namespace wagw::model {

struct QrMatrix {
    std::string qr;                 // the text the code holds
    std::int64_t expires_at = 0;    // unix ms; the session shows the next code then
    int size = 0;                   // modules per side
    std::vector<std::string> rows;  // `size` rows of `size` characters, '1' dark and '0' light

    bool dark(int x, int y) const {
        return rows[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] == '1';
    }
};

nlohmann::json to_json(const QrMatrix& matrix);
// Refuses a matrix that is not square, or holds anything but '0' and '1' (error code "invalid_field").
Result<QrMatrix> qr_matrix_from_json(const nlohmann::json& json);

}  // namespace wagw::model
