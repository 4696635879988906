#pragma once
// GET /docs: the API reference as one HTML page, generated from the route table: method, path, scope, what
// the route does, a curl line to try it and an example reply. Every text from the table is escaped.
#include <string>
#include <string_view>

namespace wagw::api {

// `base_url` (e.g. http://127.0.0.1:8080) goes into the curl lines.
std::string docs_page_html(std::string_view base_url);
std::string html_escaped(std::string_view text);

}  // namespace wagw::api
