#include <catch2/catch.hpp>

#include "backend/wa/stanza/group_stanza.hpp"
#include "tests/unit/wa/stanza/wire_helpers.hpp"

using namespace wagw::wa;
using namespace wagw::wa::stanza;
using namespace wagw::wa::stanza::test;

TEST_CASE("the server reads a create request the client built") {
    const std::vector<binary::Jid> members{jid("4915550002@s.whatsapp.net"), jid("4915550003@s.whatsapp.net")};
    auto request = parse_create_group_request(over_the_wire(build_create_group_request("Team", members, "iq-1")));
    REQUIRE(request.ok());
    CHECK(request->subject == "Team");
    CHECK(request->members == members);
    CHECK_FALSE(parse_create_group_request(build_participating_request("iq-2")).ok());
}

TEST_CASE("participant changes name the action and the members") {
    for (ParticipantAction action :
         {ParticipantAction::Add, ParticipantAction::Remove, ParticipantAction::Promote, ParticipantAction::Demote}) {
        const binary::Jid group = jid("120363000000000001@g.us");
        auto request = parse_participants_request(
            over_the_wire(build_participants_request(group, action, {jid("4915550004@s.whatsapp.net")}, "iq-3")));
        REQUIRE(request.ok());
        CHECK(request->group == group);
        CHECK(request->action == action);
        CHECK(request->members.size() == 1);

        const std::vector<ParticipantResult> results{{jid("4915550004@s.whatsapp.net"), ""},
                                                     {jid("4915550009@s.whatsapp.net"), "404"}};
        binary::Node reply{"iq", {{"type", std::string("result")}}, binary::Children{participants_result_node(action, results)}};
        auto parsed = parse_participants_result(over_the_wire(reply), action);
        REQUIRE(parsed.ok());
        CHECK(*parsed == results);
    }
    auto empty = parse_participants_request(
        build_participants_request(jid("120363000000000001@g.us"), ParticipantAction::Add, {}, "iq-4"));
    CHECK_FALSE(empty.ok());
}

TEST_CASE("group metadata round-trips, with the bare id the clients expect") {
    GroupInfo info;
    info.jid = jid("120363000000000001@g.us");
    info.subject = "Weekend trip";
    info.subject_time = 1700000000;
    info.subject_owner = jid("4915550001@s.whatsapp.net");
    info.creation = 1700000000;
    info.creator = jid("4915550001@s.whatsapp.net");
    info.description = "Plans & tickets";
    info.description_id = "D1";
    info.announce = true;
    info.participants = {{jid("4915550001@s.whatsapp.net"), GroupRole::SuperAdmin, std::nullopt, std::nullopt},
                         {jid("4915550002@s.whatsapp.net"), GroupRole::Admin, std::nullopt, std::nullopt},
                         {jid("4915550003@s.whatsapp.net"), GroupRole::Member, std::nullopt, jid("123456789@lid")}};
    const binary::Node node = over_the_wire(group_node(info));
    CHECK(*node.attr_text("id") == "120363000000000001");
    auto parsed = parse_group_node(node);
    REQUIRE(parsed.ok());
    CHECK(*parsed == info);
}

TEST_CASE("w:gp2 notifications carry author, action and members") {
    GroupChange change{jid("120363000000000001@g.us"), jid("4915550001@s.whatsapp.net"), ParticipantAction::Remove,
                       {jid("4915550003@s.whatsapp.net")}, "notif-1", 1700000100};
    auto parsed = parse_group_notification(over_the_wire(build_group_notification(change)));
    REQUIRE(parsed.ok());
    CHECK(*parsed == change);
    binary::Node subject{"notification",
                         {{"from", jid("120363000000000001@g.us")},
                          {"participant", jid("4915550001@s.whatsapp.net")},
                          {"type", std::string("w:gp2")}},
                         binary::Children{binary::Node{"subject", {{"subject", std::string("x")}}, {}}}};
    auto unsupported = parse_group_notification(subject);
    REQUIRE_FALSE(unsupported.ok());
    CHECK(unsupported.error().code == "unsupported_notification");
}
