#include <catch2/catch.hpp>

#include "backend/wa/stanza/group_stanza.hpp"
#include "tests/unit/wa/stanza/wire_helpers.hpp"

using namespace wagw::wa;
using namespace wagw::wa::stanza;
using namespace wagw::wa::stanza::test;
using binary::Bytes;

TEST_CASE("subject and description notifications read as group info changes") {
    const binary::Jid group = jid("120363000000000009@g.us");
    const binary::Jid author = jid("123456789012345@lid");
    binary::Node subject{"notification",
                         {{"from", group}, {"type", std::string("w:gp2")}, {"participant", author},
                          {"id", std::string("n1")}, {"t", std::string("1700000001")}},
                         binary::Children{binary::Node{"subject",
                                                       {{"subject", std::string("New name")},
                                                        {"s_o", author},
                                                        {"s_t", std::string("1700000001")}},
                                                       {}}}};
    auto renamed = parse_group_info_notification(over_the_wire(subject));
    REQUIRE(renamed.ok());
    CHECK(renamed->group == group);
    CHECK(renamed->author == author);
    CHECK(renamed->subject == std::optional<std::string>("New name"));
    CHECK_FALSE(renamed->description.has_value());
    CHECK(renamed->timestamp == 1700000001);

    binary::Node description = subject;
    description.content = binary::Children{binary::Node{
        "description",
        {{"id", std::string("D1")}, {"t", std::string("1700000002")}},
        binary::Children{binary::Node{"body", {}, Bytes{'R', 'u', 'l', 'e', 's'}}}}};
    auto described = parse_group_info_notification(over_the_wire(description));
    REQUIRE(described.ok());
    CHECK(described->description == std::optional<std::string>("Rules"));
    CHECK_FALSE(described->subject.has_value());

    binary::Node removed = subject;
    removed.content = binary::Children{binary::Node{
        "description", {{"id", std::string("D1")}, {"delete", std::string("true")}}, {}}};
    auto cleared = parse_group_info_notification(removed);
    REQUIRE(cleared.ok());
    CHECK(cleared->description == std::optional<std::string>(""));

    binary::Node add = subject;
    add.content = binary::Children{binary::Node{"add", {}, binary::Children{}}};
    auto other = parse_group_info_notification(add);
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().code == "unsupported_notification");

    binary::Node nameless = subject;
    nameless.content = binary::Children{binary::Node{"subject", {}, {}}};
    CHECK_FALSE(parse_group_info_notification(nameless).ok());
}

TEST_CASE("subject and description requests carry what the server checks: the text, a new id and the previous one") {
    const binary::Jid group = jid("120363000000000009@g.us");
    binary::Node subject = over_the_wire(build_group_subject_request(group, "Team", "iq-1"));
    CHECK(*subject.attr_text("xmlns") == "w:g2");
    CHECK(*subject.attr_text("type") == "set");
    REQUIRE(subject.child("subject"));
    CHECK(*subject.child("subject")->bytes() == Bytes{'T', 'e', 'a', 'm'});

    binary::Node described = over_the_wire(build_group_description_request(group, "Rules", "NEW", "OLD", "iq-2"));
    const binary::Node* description = described.child("description");
    REQUIRE(description);
    CHECK(*description->attr_text("id") == "NEW");
    CHECK(*description->attr_text("prev") == "OLD");
    CHECK(*description->child("body")->bytes() == Bytes{'R', 'u', 'l', 'e', 's'});

    binary::Node first = build_group_description_request(group, "Rules", "NEW", "", "iq-3");
    CHECK(first.child("description")->attr_text("prev") == nullptr);  // nothing to replace yet

    binary::Node removed = build_group_description_request(group, "", "NEW", "OLD", "iq-4");
    CHECK(*removed.child("description")->attr_text("delete") == "true");
    CHECK(removed.child("description")->attr_text("id") == nullptr);
    CHECK(removed.child("description")->child("body") == nullptr);
}
