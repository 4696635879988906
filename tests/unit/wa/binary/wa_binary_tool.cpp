// wa_binary_tool: our WABinary codec behind a JSON pipe, for the Baileys cross-check
// (baileys_interop.test.mjs).
//
// wa_binary_tool [--dictionary N]   token dictionary version N (2 or 3, default 3) for every request
//
// stdin:  {"requests": [request, ...]}        stdout: {"responses": [response, ...]} in the same order
//   {"op": "decode", "hex": frame payload}  -> {"ok": true, "node": JSON form, "reencoded": frame payload hex
//                                              (our encoding of what we decoded, uncompressed), "debug":
//                                              text}
//   {"op": "encode", "node": JSON form, "compress": bool} -> {"ok": true, "hex": frame payload}
//   any failure                              -> {"ok": false, "code": ..., "message": ...}
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

#include "backend/wa/binary/debug_print.hpp"
#include "backend/wa/binary/frame_payload.hpp"
#include "node_json.hpp"

using namespace wagw;
using namespace wagw::wa::binary;
using Json = json_fields::Json;

namespace {

Json failure(const Error& error) {
    return Json{{"ok", false}, {"code", error.code}, {"message", error.message}};
}

std::string to_hex(const Bytes& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0x0F]);
    }
    return out;
}

Result<Bytes> from_hex(const std::string& hex) {
    auto node = testing::node_from_json(Json{{"tag", "x"}, {"content", {{"bytes", hex}}}});
    if (!node) return node.error();
    return *node->bytes();
}

Json decode(const Json& request, const TokenDictionary& dictionary) {
    if (!request.contains("hex") || !request["hex"].is_string())
        return failure({"bad_request", "decode needs \"hex\""});
    auto payload = from_hex(request["hex"].get<std::string>());
    if (!payload) return failure(payload.error());
    auto node = decode_frame_payload(*payload, dictionary);
    if (!node) return failure(node.error());
    auto again = encode_frame_payload(*node, dictionary);
    if (!again) return failure(again.error());
    return Json{{"ok", true},
                {"node", testing::node_to_json(*node)},
                {"reencoded", to_hex(*again)},
                {"debug", to_debug_string(*node, {.multiline = false})}};
}

Json encode(const Json& request, const TokenDictionary& dictionary) {
    if (!request.contains("node")) return failure({"bad_request", "encode needs \"node\""});
    auto node = testing::node_from_json(request["node"]);
    if (!node) return failure(node.error());
    const bool compress =
        request.contains("compress") && request["compress"].is_boolean() && request["compress"].get<bool>();
    auto payload = encode_frame_payload(*node, dictionary, compress ? Compression::zlib : Compression::none);
    if (!payload) return failure(payload.error());
    return Json{{"ok", true}, {"hex", to_hex(*payload)}};
}

}  // namespace

int main(int argc, char** argv) {
    const TokenDictionary* dictionary = &token_dictionary_v3();
    if (argc == 3 && std::string_view(argv[1]) == "--dictionary")
        dictionary = token_dictionary_for_version(std::atoi(argv[2]));
    if (dictionary == nullptr || (argc != 1 && argc != 3)) {
        std::cerr << "usage: wa_binary_tool [--dictionary 2|3] < requests.json\n";
        return 2;
    }
    std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    auto parsed = json_fields::parse(input);
    if (!parsed || !parsed->contains("requests") || !(*parsed)["requests"].is_array()) {
        std::cerr << "wa_binary_tool: stdin must be {\"requests\": [...]}\n";
        return 2;
    }
    Json responses = Json::array();
    for (const auto& request : (*parsed)["requests"]) {
        const std::string op =
            request.contains("op") && request["op"].is_string() ? request["op"].get<std::string>() : "";
        if (op == "decode")
            responses.push_back(decode(request, *dictionary));
        else if (op == "encode")
            responses.push_back(encode(request, *dictionary));
        else
            responses.push_back(failure({"bad_request", "op must be \"decode\" or \"encode\""}));
    }
    std::cout << Json{{"responses", std::move(responses)}}.dump(-1, ' ', false,
                                                                Json::error_handler_t::replace)
              << "\n";
    return 0;
}
