#pragma once
// A group's subject and description (w:g2 set iqs to GROUP@g.us), with w:gp2 notifications to every member:
//   <subject>TEXT</subject>                                  -> <subject subject s_o s_o_pn s_t/>
//   <description id=NEW [prev=OLD]><body>TEXT</body></...>  -> <description id t><body>TEXT</body></description>
//   <description delete="true" [prev=OLD]/>                  -> <description id delete="true"/>
// and the settings only admins change (403 for others), each announced to members under the same tag:
//   <announcement/> | <not_announcement/>      only admins send messages (others' sends are refused, ack 403)
//   <locked/> | <unlocked/>                    only admins change subject and description
//   <ephemeral expiration=N/> | <not_ephemeral/>  disappearing-messages timer (metadata <ephemeral expiration/>)
//   <member_add_mode>all_member_add|admin_add</member_add_mode>  whether any member may add participants
// A description edit whose `prev` is not the current description id is refused with 409, as WhatsApp does, so two
// editors cannot overwrite each other unknowingly.
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

// True when the iq carries one of the tags above.
bool is_group_settings_iq(const wa::binary::Node& iq);
void handle_group_settings_iq(SimulatorContext& context, Session& session, Account& actor, Group& group,
                              const wa::binary::Node& iq);

}  // namespace wagw::wasim
