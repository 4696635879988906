#include "common/model/qr_matrix.hpp"

#include "common/util/json_fields.hpp"

namespace wagw::model {

nlohmann::json to_json(const QrMatrix& matrix) {
    return {
        {"qr", matrix.qr}, {"expires_at", matrix.expires_at}, {"size", matrix.size}, {"rows", matrix.rows}};
}

Result<QrMatrix> qr_matrix_from_json(const nlohmann::json& json) {
    auto qr = json_fields::string_at(json, "qr");
    if (!qr) return qr.error();
    auto expires_at = json_fields::int_at(json, "expires_at");
    if (!expires_at) return expires_at.error();
    auto size = json_fields::int_at(json, "size");
    if (!size) return size.error();
    auto rows = json_fields::strings_at(json, "rows");
    if (!rows) return rows.error();
    // Version 40 is the largest QR code: 177 modules a side.
    if (*size < 21 || *size > 177 || rows->size() != static_cast<std::size_t>(*size)) {
        return Error{"invalid_field", "field \"rows\" must hold \"size\" rows (21 to 177)"};
    }
    for (const std::string& row : *rows) {
        if (row.size() != rows->size() || row.find_first_not_of("01") != std::string::npos) {
            return Error{"invalid_field", "every row must hold \"size\" characters, each 0 or 1"};
        }
    }
    return QrMatrix{std::move(*qr), *expires_at, static_cast<int>(*size), std::move(*rows)};
}

}  // namespace wagw::model
