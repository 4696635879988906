#include "frontend-wasm/net/http_client.hpp"

#include <emscripten/fetch.h>

#include <cstring>

namespace wagw::web {
namespace {

// What a request needs until it finishes: the callback, and the header and body storage that
// emscripten_fetch reads from by pointer.
struct Pending {
    HttpCallback done;
    std::vector<std::string> header_storage;
    std::vector<const char*> header_pointers;
    std::string body;
};

void finish(emscripten_fetch_t* fetch) {
    auto* pending = static_cast<Pending*>(fetch->userData);
    HttpReply reply{fetch->status, std::string(fetch->data ? fetch->data : "",
                                               static_cast<std::size_t>(fetch->numBytes))};
    emscripten_fetch_close(fetch);
    pending->done(std::move(reply));
    delete pending;
}

}  // namespace

void http_get(const std::string& url, HttpCallback done) { http_request("GET", url, {}, {}, std::move(done)); }

void http_request(const char* method, const std::string& url,
                  const std::vector<std::pair<std::string, std::string>>& headers, std::string body,
                  HttpCallback done) {
    auto* pending = new Pending{std::move(done), {}, {}, std::move(body)};
    for (const auto& [name, value] : headers) {
        pending->header_storage.push_back(name);
        pending->header_storage.push_back(value);
    }
    for (const std::string& text : pending->header_storage) pending->header_pointers.push_back(text.c_str());
    pending->header_pointers.push_back(nullptr);

    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strncpy(attr.requestMethod, method, sizeof attr.requestMethod - 1);
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.requestHeaders = pending->header_pointers.data();
    attr.requestData = pending->body.data();
    attr.requestDataSize = pending->body.size();
    attr.userData = pending;
    attr.onsuccess = finish;
    attr.onerror = finish;
    emscripten_fetch(&attr, url.c_str());
}

}  // namespace wagw::web
