#pragma once
// Small builders for the nodes the server sends again and again, so every handler spells them the same way
// (JID-valued attributes as Jid values, never text: protocol.md §4.6).
#include <cstdint>
#include <string>
#include <vector>

#include "backend/wa/binary/node.hpp"

namespace wagw::wasim {

namespace binary = wa::binary;

binary::Jid server_jid();
binary::Jid pn_jid(const std::string& phone);
binary::Jid lid_jid(const std::string& lid);
binary::Jid pn_device_jid(const std::string& phone, std::uint16_t device);
binary::Jid lid_device_jid(const std::string& lid, std::uint16_t device);

std::string text(const binary::Node& node, std::string_view key);  // attribute text, "" when absent

// <iq from="s.whatsapp.net" id type="result">children</iq>
binary::Node iq_result(const std::string& id, binary::Children children = {});
// <iq from id type="error"><error code text/></iq>
binary::Node iq_error(const std::string& id, int code, const std::string& error_text);
// <stream:error [code=N (0: none)]>[<conflict type=.../>]</stream:error>
binary::Node stream_error(int code, const std::string& conflict_type = {});

binary::Bytes big_endian_bytes(std::uint32_t value, std::size_t size);
std::uint32_t read_big_endian(const binary::Bytes& bytes);
binary::Node bytes_node(std::string tag, binary::Bytes content);
std::string unix_now_text();

}  // namespace wagw::wasim
