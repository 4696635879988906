#include "backend/api/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace wagw::api {
namespace {

Error invalid(std::string message) {
    return {"invalid_multipart", std::move(message)};
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

struct PartHeaders {
    std::string disposition;
    std::string content_type;
};

Result<PartHeaders> parse_headers(std::string_view block) {
    PartHeaders headers;
    while (!block.empty()) {
        const auto end = block.find("\r\n");
        const std::string_view line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view() : block.substr(end + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return invalid("a part header line has no name: " + std::string(line.substr(0, 80)));
        const std::string name = lower(trim(line.substr(0, colon)));
        const std::string_view value = trim(line.substr(colon + 1));
        if (name == "content-disposition") headers.disposition = value;
        if (name == "content-type") headers.content_type = value;
    }
    return headers;
}

}  // namespace

std::string header_parameter(std::string_view value, std::string_view name) {
    // Walk "type; a=b; c="d;e"": a quoted value may hold ';'.
    std::size_t i = value.find(';');
    while (i != std::string_view::npos && i < value.size()) {
        ++i;
        while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
        const auto eq = value.find('=', i);
        if (eq == std::string_view::npos) return {};
        const std::string key = lower(trim(value.substr(i, eq - i)));
        std::string parsed;
        std::size_t j = eq + 1;
        if (j < value.size() && value[j] == '"') {
            for (++j; j < value.size() && value[j] != '"'; ++j) {
                if (value[j] == '\\' && j + 1 < value.size()) ++j;
                parsed += value[j];
            }
            i = value.find(';', j);
        } else {
            const auto semi = value.find(';', j);
            parsed =
                trim(value.substr(j, semi == std::string_view::npos ? std::string_view::npos : semi - j));
            i = semi;
        }
        if (key == name) return parsed;
    }
    return {};
}

Result<std::string> multipart_boundary(std::string_view content_type) {
    if (!lower(trim(content_type.substr(0, content_type.find(';')))).starts_with("multipart/form-data"))
        return invalid("the Content-Type is not multipart/form-data");
    std::string boundary = header_parameter(content_type, "boundary");
    // RFC 2046: 1 to 70 characters.
    if (boundary.empty()) return invalid("the multipart Content-Type has no boundary parameter");
    if (boundary.size() > 70) return invalid("the multipart boundary is longer than 70 characters");
    return boundary;
}

Result<MultipartFile> read_multipart_file(std::string_view body, std::string_view boundary,
                                          MultipartLimits limits) {
    const std::string opening = "--" + std::string(boundary);
    const std::string delimiter = "\r\n" + opening;
    // The body opens with the first boundary (a preamble is allowed by the RFC but no client sends one).
    if (!body.starts_with(opening)) return invalid("the body does not start with the multipart boundary");
    std::size_t pos = opening.size();
    std::optional<MultipartFile> file;
    for (std::size_t parts = 0;; ++parts) {
        if (body.substr(pos, 2) == "--") break;  // the closing boundary
        if (body.substr(pos, 2) != "\r\n")
            return invalid("a multipart boundary is not followed by a line end");
        pos += 2;
        if (parts == limits.max_parts)
            return invalid("the body has more than " + std::to_string(limits.max_parts) + " parts");
        const auto headers_end = body.find("\r\n\r\n", pos);
        const bool no_headers = body.substr(pos, 2) == "\r\n";
        const std::size_t header_bytes = no_headers ? 0 : headers_end - pos;
        if (!no_headers && headers_end == std::string_view::npos)
            return invalid("a part's headers do not end (the body is cut short?)");
        if (header_bytes > limits.max_part_header_bytes)
            return invalid("a part's headers are longer than " +
                           std::to_string(limits.max_part_header_bytes) + " bytes");
        auto headers = parse_headers(body.substr(pos, header_bytes));
        if (!headers) return headers.error();
        const std::size_t content_start = no_headers ? pos + 2 : headers_end + 4;
        const auto content_end = body.find(delimiter, content_start);
        if (content_end == std::string_view::npos)
            return invalid("the closing multipart boundary is missing (the body is cut short?)");
        pos = content_end + delimiter.size();
        const std::string file_name = header_parameter(headers->disposition, "filename");
        const bool is_file = headers->disposition.find("filename") != std::string::npos;
        if (!is_file) continue;  // a plain form field
        if (file) return invalid("the body holds more than one file; send one file per upload");
        file = MultipartFile{body.substr(content_start, content_end - content_start), headers->content_type,
                             file_name};
    }
    if (!file)
        return invalid("the body holds no file part (a part with Content-Disposition: ...; filename=)");
    return *file;
}

}  // namespace wagw::api
