#include "tools/wasim/handlers/stanzas.hpp"

#include <ctime>

namespace wagw::wasim {

binary::Jid server_jid() { return binary::Jid{"", std::string(binary::servers::kUser)}; }
binary::Jid pn_jid(const std::string& phone) { return binary::Jid{phone, std::string(binary::servers::kUser)}; }
binary::Jid lid_jid(const std::string& lid) { return binary::Jid{lid, std::string(binary::servers::kLid)}; }

binary::Jid pn_device_jid(const std::string& phone, std::uint16_t device) {
    binary::Jid jid = pn_jid(phone);
    jid.device = device;
    return jid;
}

binary::Jid lid_device_jid(const std::string& lid, std::uint16_t device) {
    binary::Jid jid = lid_jid(lid);
    jid.device = device;
    return jid;
}

std::string text(const binary::Node& node, std::string_view key) {
    const std::string* value = node.attr_text(key);
    if (value) return *value;
    if (const binary::Jid* jid = node.attr_jid(key)) return jid->to_string();
    return {};
}

binary::Node iq_result(const std::string& id, binary::Children children) {
    binary::Node node{"iq", {{"from", server_jid()}, {"id", id}, {"type", std::string("result")}}, {}};
    if (!children.empty()) node.content = std::move(children);
    return node;
}

binary::Node iq_error(const std::string& id, int code, const std::string& error_text) {
    return {"iq",
            {{"from", server_jid()}, {"id", id}, {"type", std::string("error")}},
            binary::Children{{"error", {{"code", std::to_string(code)}, {"text", error_text}}, {}}}};
}

binary::Node stream_error(int code, const std::string& conflict_type) {
    binary::Node node{"stream:error", {}, {}};
    if (code != 0) node.attrs.push_back({"code", std::to_string(code)});
    if (!conflict_type.empty())
        node.content = binary::Children{{"conflict", {{"type", conflict_type}}, {}}};
    return node;
}

binary::Bytes big_endian_bytes(std::uint32_t value, std::size_t size) {
    binary::Bytes out(size);
    for (std::size_t i = 0; i < size; ++i) out[size - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
    return out;
}

std::uint32_t read_big_endian(const binary::Bytes& bytes) {
    std::uint32_t value = 0;
    for (std::uint8_t b : bytes) value = value << 8 | b;
    return value;
}

binary::Node bytes_node(std::string tag, binary::Bytes content) { return {std::move(tag), {}, std::move(content)}; }

std::string unix_now_text() { return std::to_string(static_cast<long long>(std::time(nullptr))); }

}  // namespace wagw::wasim
