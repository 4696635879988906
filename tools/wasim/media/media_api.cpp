#include "tools/wasim/media/media_api.hpp"

#include <nlohmann/json.hpp>

namespace wagw::wasim {
namespace {

wa::transport::HttpResponse json_response(int status, const nlohmann::json& body) {
    wa::transport::HttpResponse response;
    response.status = status;
    response.content_type = "application/json";
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

std::string query_param(std::string_view target, std::string_view name) {
    const auto question = target.find('?');
    if (question == std::string_view::npos) return {};
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name) return eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

// Percent-decoding for the auth token (Baileys encodes it with encodeURIComponent).
std::string url_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) << 4 | hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

bool is_media_path(std::string_view path) { return path.starts_with("/mms/") || path.starts_with("/v/"); }

wa::transport::HttpResponse serve_media(SimulatorContext& context, const wa::transport::HttpRequest& request) {
    const std::string_view path = request.path();
    if (request.method == "POST" && path.starts_with("/mms/")) {
        if (url_decode(query_param(request.target, "auth")) != context.media_auth)
            return json_response(401, {{"error", "bad auth"}});
        const std::string_view rest = path.substr(5);
        const std::string media_type(rest.substr(0, rest.find('/')));
        auto direct_path = context.media.put(media_type, request.body);
        if (!direct_path)
            return json_response(direct_path.error().code == "media_store_full" ? 507 : 500,
                                 {{"error", direct_path.error().message}});
        return json_response(200, {{"url", "https://" + context.media_host + *direct_path}, {"direct_path", *direct_path}});
    }
    if (request.method == "GET" && path.starts_with("/v/")) {
        auto blob = context.media.get(path);
        if (!blob)
            return json_response(blob.error().code == "not_found" ? 404 : 500, {{"error", blob.error().message}});
        wa::transport::HttpResponse response;
        response.content_type = "application/octet-stream";
        response.body = std::move(*blob);
        return response;
    }
    return json_response(404, {{"error", "no such media route"}});
}

}  // namespace wagw::wasim
