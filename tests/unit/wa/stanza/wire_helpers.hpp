#pragma once
// What every stanza test needs: JIDs from text, and a trip over the wire (encoded and decoded as the transport
// would) so a builder is checked by what a peer really reads.
#include <catch2/catch.hpp>

#include "backend/wa/binary/frame_payload.hpp"
#include "backend/wa/binary/jid.hpp"

namespace wagw::wa::stanza::test {

inline binary::Jid jid(const char* text) { return *binary::parse_jid(text); }

inline binary::Node over_the_wire(const binary::Node& node) {
    auto payload = binary::encode_frame_payload(node);
    REQUIRE(payload.ok());
    auto back = binary::decode_frame_payload(*payload);
    REQUIRE(back.ok());
    return *back;
}

}  // namespace wagw::wa::stanza::test
