#pragma once
// The nodes every group handler speaks in (protocol.md §8): the <group> metadata node as w:g2 answers carry it,
// <participant> entries, and w:gp2 notifications fanned out to members' companion devices.
#include <string>
#include <vector>

#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

namespace binary = wa::binary;

binary::Jid group_jid(const Group& group);
// A member as the group's addressing names it: its LID or its PN (optionally one device of it).
binary::Jid member_jid(const Group& group, const Account& account);
binary::Jid member_device_jid(const Group& group, const Account& account, std::uint16_t device);
// Appends NAME=the member's jid and the other form beside it: NAME_pn=PN in a LID group, NAME_lid=LID in a PN
// group (creator, s_o, participant of descriptions and notifications).
void add_member_attrs(std::vector<binary::Attribute>& attrs, const std::string& name, const Group& group, const Account& account);
// <participant jid=LID phone_number=PN [type=role]/> in a LID group, <participant jid=PN lid=LID .../> in a PN one.
binary::Node participant_node(const Group& group, const Account& account, const std::string& role);
// <group id subject s_t s_o creation creator size addressing_mode=lid|pn>participants [description] [announcement]
// [locked] [ephemeral expiration] member_add_mode</group>
binary::Node group_node(SimulatorContext& context, const Group& group);
// <notification from=GROUP type="w:gp2" participant=ACTOR participant_pn|participant_lid t>change</notification>
binary::Node gp2_notification(const Group& group, const Account& actor, binary::Node change);
// Sends a copy of `notification` (with its own id) to every companion of every account in `phones`, except the
// device that caused it.
void notify_members(SimulatorContext& context, const std::vector<std::string>& phones, const Session& actor,
                    const binary::Node& notification);
std::vector<std::string> member_phones(const Group& group);
// The account a <participant jid=...> names, PN or LID.
Account* account_of(SimulatorContext& context, const binary::Node& participant);

}  // namespace wagw::wasim
