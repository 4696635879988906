#include "frontend-wasm/app/api_call.hpp"

#include <utility>
#include <vector>

#include "common/model/api_error.hpp"
#include "common/util/json_fields.hpp"

namespace wagw::web {

void api_call(const std::string& key, const char* method, const std::string& path, std::string body,
              HttpCallback done) {
    std::vector<std::pair<std::string, std::string>> headers{{"X-Api-Key", key}};
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    http_request(method, path, headers, std::move(body), std::move(done));
}

std::string reply_problem(const HttpReply& reply) {
    if (reply.status == 0) return "Cannot reach the gateway. Is it running?";
    if (auto body = json_fields::parse(reply.body)) {
        if (auto error = model::api_error_from_json(*body)) return error->message;
    }
    return "The gateway answered HTTP " + std::to_string(reply.status) + ".";
}

}  // namespace wagw::web
