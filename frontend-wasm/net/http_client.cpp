#include "frontend-wasm/net/http_client.hpp"

#include <emscripten/fetch.h>

#include <cstring>

namespace wagw::web {
namespace {

void finish(emscripten_fetch_t* fetch) {
    auto* done = static_cast<HttpCallback*>(fetch->userData);
    HttpReply reply{fetch->status, std::string(fetch->data ? fetch->data : "",
                                               static_cast<std::size_t>(fetch->numBytes))};
    emscripten_fetch_close(fetch);
    (*done)(std::move(reply));
    delete done;
}

}  // namespace

void http_get(const std::string& url, HttpCallback done) {
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strcpy(attr.requestMethod, "GET");
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.userData = new HttpCallback(std::move(done));
    attr.onsuccess = finish;
    attr.onerror = finish;
    emscripten_fetch(&attr, url.c_str());
}

}  // namespace wagw::web
