#pragma once
// A group's subject and description (w:g2 set iqs to GROUP@g.us), with w:gp2 notifications to every member:
//   <subject>TEXT</subject>                                  -> <subject subject s_o s_o_pn s_t/>
//   <description id=NEW [prev=OLD]><body>TEXT</body></...>  -> <description id t><body>TEXT</body></description>
//   <description delete="true" [prev=OLD]/>                  -> <description id delete="true"/>
// Any member may change them (groups are never "locked" here). A description edit whose `prev` is not the current
// description id is refused with 409, as WhatsApp does, so two editors cannot overwrite each other unknowingly.
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

void handle_group_settings_iq(SimulatorContext& context, Session& session, Account& actor, Group& group,
                              const wa::binary::Node& iq);

}  // namespace wagw::wasim
