#pragma once
// A call to the gateway's REST API with the signed-in key, and the words to show when it fails.
#include <string>

#include "frontend-wasm/net/http_client.hpp"

namespace wagw::web {

// Sends `body` (JSON, or nothing) with the key in X-Api-Key.
void api_call(const std::string& key, const char* method, const std::string& path, std::string body,
              HttpCallback done);

// The server's own message for a failed reply ({"error":{"message"}}), or plain words when there is none.
std::string reply_problem(const HttpReply& reply);

}  // namespace wagw::web
