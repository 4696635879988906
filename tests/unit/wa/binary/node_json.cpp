#include "node_json.hpp"

#include <cstdio>

namespace wagw::wa::binary::testing {
namespace {

using Json = json_fields::Json;

Error bad_json(const std::string& why) {
    return Error{"invalid_node_json", why};
}

std::string hex_of(const Bytes& bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    static const char* digits = "0123456789abcdef";
    for (auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0x0F]);
    }
    return out;
}

Result<Bytes> bytes_of(const std::string& hex) {
    if (hex.size() % 2 != 0) return bad_json("odd number of hex digits");
    Bytes out;
    out.reserve(hex.size() / 2);
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = digit(hex[i]), low = digit(hex[i + 1]);
        if (high < 0 || low < 0) return bad_json("not a hex digit");
        out.push_back(static_cast<std::uint8_t>(high << 4 | low));
    }
    return out;
}

// Baileys' encoder turns any string with '@' into a JID; we do the same with our parser.
std::variant<std::string, Jid> text_or_jid(const std::string& text) {
    if (text.find('@') != std::string::npos) {
        if (auto jid = parse_jid(text); jid.ok()) return std::move(jid.value());
    }
    return text;
}

std::string value_text(const AttrValue& value) {
    if (const auto* jid = std::get_if<Jid>(&value)) return baileys_text(*jid);
    return std::get<std::string>(value);
}

}  // namespace

std::string baileys_text(const Jid& jid) {
    const std::string device = std::to_string(jid.device.value_or(0));
    switch (jid.wire_form()) {
        case JidWireForm::fb:
            return jid.user + ":" + device + "@" + jid.server;
        case JidWireForm::interop:
            return std::to_string(jid.integrator) + "-" + jid.user + ":" + device + "@" + jid.server;
        case JidWireForm::ad: {
            // Baileys reads the domain byte only to pick the server, and omits device 0.
            const std::string server = jid.agent != 0 ? std::string(servers::kUser) : jid.server;
            return jid.user + (jid.device.value_or(0) != 0 ? ":" + device : "") + "@" + server;
        }
        case JidWireForm::pair:
            break;
    }
    return jid.user + "@" + jid.server;
}

Json node_to_json(const Node& node) {
    Json attrs = Json::array();
    for (const auto& attribute : node.attrs)
        attrs.push_back(Json::array({attribute.key, value_text(attribute.value)}));
    Json content;  // null
    if (const auto* bytes = node.bytes()) {
        content = Json{{"bytes", hex_of(*bytes)}};
    } else if (const auto* text = std::get_if<std::string>(&node.content)) {
        content = Json{{"text", *text}};
    } else if (const auto* jid = std::get_if<Jid>(&node.content)) {
        content = Json{{"text", baileys_text(*jid)}};
    } else if (const auto* children = node.children()) {
        content = Json::array();
        for (const auto& child : *children) content.push_back(node_to_json(child));
    }
    return Json{{"tag", node.tag}, {"attrs", std::move(attrs)}, {"content", std::move(content)}};
}

Result<Node> node_from_json(const Json& json, int depth) {
    if (depth > 200) return bad_json("nested too deeply");
    if (!json.is_object()) return bad_json("a node must be an object");
    Node node;
    auto tag = json.find("tag");
    if (tag == json.end() || !tag->is_string()) return bad_json("a node needs a string \"tag\"");
    node.tag = tag->get<std::string>();
    if (auto attrs = json.find("attrs"); attrs != json.end()) {
        if (!attrs->is_array()) return bad_json("\"attrs\" must be an array of [key, value] pairs");
        for (const auto& pair : *attrs) {
            if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
                return bad_json("each attribute must be a [key, value] pair of strings");
            }
            auto value = text_or_jid(pair[1].get<std::string>());
            node.attrs.push_back(
                {pair[0].get<std::string>(),
                 std::visit([](auto v) { return AttrValue(std::move(v)); }, std::move(value))});
        }
    }
    auto content = json.find("content");
    if (content == json.end() || content->is_null()) return node;
    if (content->is_array()) {
        Children children;
        for (const auto& child : *content) {
            auto parsed = node_from_json(child, depth + 1);
            if (!parsed) return parsed.error();
            children.push_back(std::move(*parsed));
        }
        node.content = std::move(children);
    } else if (content->is_object() && content->contains("bytes") && (*content)["bytes"].is_string()) {
        auto bytes = bytes_of((*content)["bytes"].get<std::string>());
        if (!bytes) return bytes.error();
        node.content = std::move(*bytes);
    } else if (content->is_object() && content->contains("text") && (*content)["text"].is_string()) {
        auto value = text_or_jid((*content)["text"].get<std::string>());
        if (auto* jid = std::get_if<Jid>(&value))
            node.content = std::move(*jid);
        else
            node.content = std::get<std::string>(std::move(value));
    } else {
        return bad_json("\"content\" must be null, an array, {\"bytes\": hex} or {\"text\": string}");
    }
    return node;
}

}  // namespace wagw::wa::binary::testing
