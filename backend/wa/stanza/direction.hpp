#pragma once
// Stanzas name the other side "to" when a client sends them and "from" when the server delivers them.
namespace wagw::wa::stanza {

enum class Direction { ToServer, FromServer };

inline const char* peer_attribute(Direction direction) { return direction == Direction::ToServer ? "to" : "from"; }

}  // namespace wagw::wa::stanza
