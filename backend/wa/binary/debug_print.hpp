#pragma once
// An XML-like rendering of a node for logs:  <iq id="1" to="s.whatsapp.net" type="get"><ping/></iq>
//
// The rule that keeps secrets out of logs: byte content (BINARY_* on the wire: keys, ciphertext, protobufs,
// pairing material) is never printed, only as [N bytes] plus, for 16 bytes or more, a 32-bit FNV-1a
// fingerprint so two log lines can be matched. Shorter byte strings get no fingerprint because a few bytes
// could be guessed back from it. Attribute values and text content are printed (escaped, shortened): the
// protocol carries ids, types, numbers and JIDs there, never keys, and our own code must put secret values in
// Bytes.
#include <cstddef>
#include <string>

#include "backend/wa/binary/node.hpp"

namespace wagw::wa::binary {

struct DebugPrintOptions {
    bool multiline = true;          // one node per line, indented by two spaces per level
    std::size_t max_children = 32;  // per list; the rest is summarised as a count
    std::size_t max_text = 120;     // longer attribute values / text are cut
    std::size_t max_depth = 16;     // deeper children are summarised
};

std::string to_debug_string(const Node& node, const DebugPrintOptions& options = {});

}  // namespace wagw::wa::binary
