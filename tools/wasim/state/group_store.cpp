#include "tools/wasim/state/group_store.hpp"

#include <array>
#include <filesystem>

#include "backend/store/migrations.hpp"
#include "common/util/json_fields.hpp"

namespace wagw::wasim {
namespace {

using Json = nlohmann::json;

// Its own migration component, so the accounts' schema (state/account_store) evolves independently.
constexpr std::array<store::Migration, 1> kMigrations{{
    {1, "groups", "CREATE TABLE wasim_groups (id TEXT PRIMARY KEY, record TEXT NOT NULL);"},
}};

Error bad(const std::string& what) { return Error{"bad_group_record", "stored group: " + what}; }

}  // namespace

std::string encode_group_record(const Group& group) {
    Json members = Json::object();
    for (const auto& [phone, role] : group.members) members[phone] = role;
    const Json record{{"id", group.id},
                      {"subject", group.subject},
                      {"subject_owner", group.subject_owner},
                      {"subject_time", group.subject_time},
                      {"creator", group.creator},
                      {"creation", group.creation},
                      {"description", group.description},
                      {"description_id", group.description_id},
                      {"description_owner", group.description_owner},
                      {"description_time", group.description_time},
                      {"invite_code", group.invite_code},
                      {"announce", group.announce},
                      {"locked", group.locked},
                      {"ephemeral", group.ephemeral},
                      {"all_member_add", group.all_member_add},
                      {"addressing", std::string(addressing_name(group.addressing))},
                      {"members", std::move(members)}};
    return record.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Group> decode_group_record(std::string_view text) {
    auto json = json_fields::parse(text);
    if (!json || !json->is_object()) return bad("not a JSON object");
    Group group;
    auto string_field = [&](const char* key, std::string& out) -> bool {
        auto it = json->find(key);
        if (it == json->end() || !it->is_string()) return false;
        out = it->get<std::string>();
        return true;
    };
    auto number_field = [&](const char* key, std::uint64_t& out) -> bool {
        auto it = json->find(key);
        if (it == json->end() || !it->is_number_unsigned()) return false;
        out = it->get<std::uint64_t>();
        return true;
    };
    if (!string_field("id", group.id) || group.id.empty()) return bad("missing id");
    if (!string_field("subject", group.subject) || !string_field("creator", group.creator) ||
        !number_field("creation", group.creation))
        return bad("group " + group.id + " lacks subject, creator or creation");
    // Fields added over time are optional.
    string_field("subject_owner", group.subject_owner);
    number_field("subject_time", group.subject_time);
    string_field("description", group.description);
    string_field("description_id", group.description_id);
    string_field("description_owner", group.description_owner);
    number_field("description_time", group.description_time);
    string_field("invite_code", group.invite_code);
    auto bool_field = [&](const char* key, bool& out) {
        if (auto it = json->find(key); it != json->end() && it->is_boolean()) out = it->get<bool>();
    };
    bool_field("announce", group.announce);
    bool_field("locked", group.locked);
    bool_field("all_member_add", group.all_member_add);
    // Rows from before groups had an addressing mode are LID groups, which is all wasim made then.
    if (std::string addressing; string_field("addressing", addressing)) {
        auto parsed = parse_group_addressing(addressing);
        if (!parsed) return bad("group " + group.id + " has addressing \"" + addressing + "\"");
        group.addressing = *parsed;
    }
    std::uint64_t ephemeral = 0;
    if (number_field("ephemeral", ephemeral)) group.ephemeral = static_cast<std::uint32_t>(ephemeral);
    auto members = json->find("members");
    if (members == json->end() || !members->is_object()) return bad("group " + group.id + " has no member map");
    for (const auto& [phone, role] : members->items()) {
        if (!role.is_string()) return bad("group " + group.id + ": a member role is not text");
        group.members[phone] = role.get<std::string>();
    }
    return group;
}

Result<std::unique_ptr<GroupStore>> GroupStore::open(const std::string& data_dir) {
    auto db = store::Database::open(std::filesystem::path(data_dir) / "wasim.db");
    if (!db) return db.error();
    if (auto applied = store::apply_migrations(*db, "wasim_groups", kMigrations); !applied) return applied.error();
    return std::unique_ptr<GroupStore>(new GroupStore(std::move(*db)));
}

Result<std::vector<Group>> GroupStore::load_all() {
    auto statement = db_.prepare("SELECT record FROM wasim_groups ORDER BY id");
    if (!statement) return statement.error();
    std::vector<Group> groups;
    while (true) {
        auto row = statement->step();
        if (!row) return row.error();
        if (!*row) break;
        auto group = decode_group_record(statement->column_text(0));
        if (!group) return group.error();
        groups.push_back(std::move(*group));
    }
    return groups;
}

Status GroupStore::save(const Group& group) {
    auto statement = db_.prepare(
        "INSERT INTO wasim_groups (id, record) VALUES (?1, ?2) "
        "ON CONFLICT(id) DO UPDATE SET record = excluded.record");
    if (!statement) return statement.error();
    statement->bind(1, group.id).bind(2, encode_group_record(group));
    return statement->run();
}

}  // namespace wagw::wasim
