#include "backend/api/docs_page.hpp"

#include "backend/api/openapi.hpp"
#include "common/api/routes.hpp"
#include "common/api/scopes.hpp"

namespace wagw::api {
namespace {

// Inside single quotes a shell takes everything literally but the quote itself.
std::string shell_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

std::string curl_line(const Route& route, std::string_view base_url) {
    const bool needs_key = required_scope(route) != Scope::Public;
    std::string path(route.path);
    for (std::size_t colon; (colon = path.find(':')) != std::string::npos;) {
        const std::size_t end = path.find('/', colon);
        const std::string name = path.substr(colon + 1, end == std::string::npos ? end : end - colon - 1);
        path.replace(colon, name.size() + 1, "$" + std::string(name == "id" ? "ID" : name));
    }
    if (route.websocket) {
        std::string ws(base_url);
        if (ws.starts_with("http")) ws.replace(0, 4, "ws");
        return "websocat -H \"X-Api-Key: $WAGW_API_KEY\" " + ws + path;
    }
    std::string line = "curl";
    if (route.method != HttpMethod::Get) line += " -X " + std::string(method_name(route.method));
    if (needs_key) line += " -H \"X-Api-Key: $WAGW_API_KEY\"";
    if (!route.example_request.empty()) {
        line += " -H 'Content-Type: application/json' -d " + shell_quoted(route.example_request);
    }
    return line + " \"" + std::string(base_url) + path + "\"";
}

constexpr std::string_view kStyle = R"(
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2327}
h1{font-size:1.6rem}h2{font-size:1.05rem;margin:2rem 0 .3rem;font-family:ui-monospace,monospace}
.method{display:inline-block;min-width:4.5rem;color:#fff;background:#2b6e3f;border-radius:4px;padding:0 .4rem;
text-align:center;margin-right:.5rem}.scope{color:#555;font-size:.9rem}
pre{background:#f4f5f6;padding:.6rem .8rem;border-radius:4px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse}td{padding:.1rem .8rem .1rem 0;vertical-align:top}code{font-family:ui-monospace,monospace}
)";

}  // namespace

std::string html_escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string docs_page_html(std::string_view base_url) {
    std::string html =
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<title>wagw API reference</title><style>";
    html += kStyle;
    html += "</style></head><body>\n<h1>wagw API reference</h1>\n";
    html +=
        "<p>Version " + html_escaped(WAGW_VERSION) +
        ". Send your API key in the <code>X-Api-Key</code> header (or <code>Authorization: Bearer</code>). "
        "No key or an unknown one gets <code>401 unauthorized</code>; a key without the route's scope, or "
        "limited to other sessions, gets <code>403 forbidden</code>. Errors always look like "
        "<code>{\"error\":{\"code\",\"message\",\"field\"?}}</code>. The same reference as OpenAPI 3.1: "
        "<a href=\"/api/openapi.json\">/api/openapi.json</a>.</p>\n";
    html +=
        "<p>The examples read your key from <code>$WAGW_API_KEY</code> and a session id from "
        "<code>$ID</code>.</p>\n<h2>Scopes</h2>\n<table>";
    for (Scope scope : all_scopes()) {
        html += "<tr><td><code>" + html_escaped(scope_name(scope)) + "</code></td><td>" +
                html_escaped(scope_description(scope)) + "</td></tr>";
    }
    html += "</table>\n";
    for (const Route& route : all_routes()) {
        const Scope scope = required_scope(route);
        const std::string anchor = std::string(method_name(route.method)) + openapi_path(route.path);
        html += "<section id=\"" + html_escaped(anchor) + "\"><h2><span class=\"method\">" +
                html_escaped(method_name(route.method)) + "</span>" + html_escaped(route.path) + "</h2>\n";
        html += "<div class=\"scope\">" +
                (scope == Scope::Public ? std::string("open: no key needed")
                                        : "scope: <code>" + html_escaped(scope_name(scope)) + "</code>") +
                (route.websocket ? " &middot; WebSocket" : "") + "</div>\n";
        html += "<p>" + html_escaped(route.summary) + "</p>\n";
        html += "<pre>" + html_escaped(curl_line(route, base_url)) + "</pre>\n";
        if (!route.example_request.empty())
            html += "<p>Body:</p><pre>" + html_escaped(route.example_request) + "</pre>\n";
        html += "<p>Reply (" + std::to_string(route.websocket ? 101 : route.success_status) + ", " +
                html_escaped(media_type(route.response_type)) + "):</p><pre>" +
                html_escaped(route.example_response) + "</pre></section>\n";
    }
    html += "</body></html>\n";
    return html;
}

}  // namespace wagw::api
