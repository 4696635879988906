#pragma once
// Asynchronous HTTP requests from the browser (emscripten_fetch). Replies arrive on the main loop thread.
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace wagw::web {

struct HttpReply {
    int status = 0;  // 0: the server could not be reached
    std::string body;
};

using HttpCallback = std::function<void(HttpReply)>;

void http_get(const std::string& url, HttpCallback done);
// Any method, with headers (name, value) and a body.
void http_request(const char* method, const std::string& url,
                  const std::vector<std::pair<std::string, std::string>>& headers, std::string body,
                  HttpCallback done);

}  // namespace wagw::web
