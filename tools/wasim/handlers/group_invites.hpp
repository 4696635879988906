#pragma once
// Joining and leaving groups (w:g2):
//   to GROUP@g.us, get <invite/>     -> <invite code/>   (admins only; the code is created on first request)
//   to GROUP@g.us, set <invite/>     -> <invite code/>   (revoke: a new code; the old one stops working)
//   to @g.us, get <invite code/>     -> <group .../>     (what a code leads to, for anyone holding it)
//   to @g.us, set <invite code/>     -> <group jid/>     (join by code: members hear <add reason="invite">, the
//                                                          joiner's other devices get the group as <create>)
//   to @g.us, set <leave><group id/>…</leave>            (members and the leaver's devices hear a <remove> whose
//                                                          participant is the actor: Baileys reports it as a leave)
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_group_invite_code_iq(SimulatorContext& context, Session& session, Account& actor, Group& group,
                                 const wa::binary::Node& iq);
void handle_group_membership_iq(SimulatorContext& context, Session& session, Account& actor, const wa::binary::Node& iq);

}  // namespace wagw::wasim
