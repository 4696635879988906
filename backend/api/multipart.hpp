#pragma once
// A small, strict multipart/form-data reader for media uploads: the body must hold exactly one file part
// (a part whose Content-Disposition names a filename); plain fields beside it are skipped. Restinio has a
// multipart helper, but it lives behind Restinio's request type and these handlers stay Restinio-free
// (plain_http.hpp); the format needed here is small enough to read strictly by hand, with caps on the number
// of parts and the size of their headers.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::api {

struct MultipartFile {
    std::string_view bytes;  // points into the body
    std::string content_type;
    std::string file_name;
};

struct MultipartLimits {
    std::size_t max_parts = 8;
    std::size_t max_part_header_bytes = 4096;
};

// The boundary from "multipart/form-data; boundary=..." (quoted or not); errors name what is missing.
Result<std::string> multipart_boundary(std::string_view content_type);

// The one file part of `body`. Errors (code "invalid_multipart"): no opening boundary, a part without its
// headers' end, no closing boundary (a truncated body), too many parts or header bytes, no file part, two
// file parts.
Result<MultipartFile> read_multipart_file(std::string_view body, std::string_view boundary,
                                          MultipartLimits limits = {});

// A parameter of a header value such as Content-Disposition: `filename` from `attachment; filename="a.jpg"`.
// Empty when missing.
std::string header_parameter(std::string_view value, std::string_view name);

}  // namespace wagw::api
