#include <catch2/catch.hpp>

#include "test_dir.hpp"
#include "tools/wasim/state/group_directory.hpp"
#include "tools/wasim/state/group_store.hpp"

using namespace wagw::wasim;

namespace {

Group sample(GroupDirectory& directory) {
    directory.set_addressing_for_new_groups(GroupAddressing::Pn);
    Group& group = directory.create("Weekend plans", "15550000001", 1700000000);
    group.members["15550000002"] = "admin";
    group.members["15550000003"] = "";
    group.subject_owner = "15550000002";
    group.subject_time = 1700000100;
    group.description = "who brings what";
    group.description_id = "3EB0DESC";
    group.description_owner = "15550000003";
    group.description_time = 1700000200;
    group.invite_code = new_invite_code();
    group.announce = true;
    group.locked = true;
    group.ephemeral = 604800;
    group.all_member_add = true;
    return group;
}

void require_same(const Group& a, const Group& b) {
    REQUIRE(a.id == b.id);
    REQUIRE(a.subject == b.subject);
    REQUIRE(a.subject_owner == b.subject_owner);
    REQUIRE(a.subject_time == b.subject_time);
    REQUIRE(a.creator == b.creator);
    REQUIRE(a.creation == b.creation);
    REQUIRE(a.description == b.description);
    REQUIRE(a.description_id == b.description_id);
    REQUIRE(a.description_owner == b.description_owner);
    REQUIRE(a.description_time == b.description_time);
    REQUIRE(a.invite_code == b.invite_code);
    REQUIRE(a.announce == b.announce);
    REQUIRE(a.locked == b.locked);
    REQUIRE(a.ephemeral == b.ephemeral);
    REQUIRE(a.all_member_add == b.all_member_add);
    REQUIRE(a.members == b.members);
    REQUIRE(a.addressing == b.addressing);
}

}  // namespace

TEST_CASE("a group record round-trips every field", "[wasim][groups]") {
    GroupDirectory directory;
    const Group group = sample(directory);
    REQUIRE(group.members.at("15550000001") == "superadmin");
    REQUIRE(group.addressing == GroupAddressing::Pn);
    auto decoded = decode_group_record(encode_group_record(group));
    REQUIRE(decoded);
    require_same(group, *decoded);
}

TEST_CASE("a group record written before settings existed reads back with them off", "[wasim][groups]") {
    auto decoded = decode_group_record(
        "{\"id\":\"1203630001\",\"subject\":\"old\",\"creator\":\"2\",\"creation\":3,\"members\":{\"2\":\"superadmin\"}}");
    REQUIRE(decoded);
    REQUIRE_FALSE(decoded->announce);
    REQUIRE_FALSE(decoded->locked);
    REQUIRE(decoded->ephemeral == 0);
    REQUIRE(decoded->addressing == GroupAddressing::Lid);  // all wasim made before groups had a mode
    REQUIRE(decoded->members.at("2") == "superadmin");
}

TEST_CASE("malformed group records are refused with a reason", "[wasim][groups]") {
    for (const char* text : {"", "[]", "{\"id\":\"1\"}", "{\"id\":\"1\",\"subject\":\"s\",\"creator\":\"2\",\"creation\":3}",
                             "{\"id\":\"1\",\"subject\":\"s\",\"creator\":\"2\",\"creation\":3,\"members\":{\"2\":5}}",
                             "{\"id\":\"1\",\"subject\":\"s\",\"creator\":\"2\",\"creation\":3,\"members\":{},\"addressing\":\"x\"}"}) {
        auto decoded = decode_group_record(text);
        REQUIRE_FALSE(decoded);
        REQUIRE(decoded.error().code == "bad_group_record");
    }
}

TEST_CASE("a new group takes the directory's addressing at creation and keeps it", "[wasim][groups]") {
    GroupDirectory directory;
    const std::string lid_group = directory.create("default", "1", 1).id;
    directory.set_addressing_for_new_groups(GroupAddressing::Pn);
    const std::string pn_group = directory.create("phone numbers", "1", 1).id;
    REQUIRE(directory.find(lid_group)->addressing == GroupAddressing::Lid);
    REQUIRE(directory.find(pn_group)->addressing == GroupAddressing::Pn);
    REQUIRE(parse_group_addressing("pn") == GroupAddressing::Pn);
    REQUIRE(parse_group_addressing("lid") == GroupAddressing::Lid);
    REQUIRE_FALSE(parse_group_addressing("PN"));
    REQUIRE(addressing_name(GroupAddressing::Pn) == "pn");
}

TEST_CASE("invite codes are 22 letters and digits and differ each time", "[wasim][groups]") {
    const std::string first = new_invite_code(), second = new_invite_code();
    REQUIRE(first.size() == 22);
    REQUIRE(first.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos);
    REQUIRE(first != second);
}

TEST_CASE("groups saved in wasim.db come back after reopening, with later changes", "[wasim][groups]") {
    TestDir dir;
    GroupDirectory directory;
    Group group = sample(directory);
    {
        auto store = GroupStore::open(dir.path().string());
        REQUIRE(store);
        REQUIRE((*store)->save(group));
        group.subject = "Renamed";
        group.members.erase("15550000003");
        REQUIRE((*store)->save(group));  // an update replaces the row
    }
    auto reopened = GroupStore::open(dir.path().string());
    REQUIRE(reopened);
    auto loaded = (*reopened)->load_all();
    REQUIRE(loaded);
    REQUIRE(loaded->size() == 1);
    require_same(group, loaded->front());
    GroupDirectory restored;
    restored.restore(loaded->front());
    REQUIRE(restored.find(group.id));
    REQUIRE(restored.find_by_invite(group.invite_code) == restored.find(group.id));
    REQUIRE(restored.find_by_invite("") == nullptr);
}
