#include "backend/store/template_repository.hpp"

#include <string>

namespace wagw::store {
namespace {

constexpr std::string_view kColumns = "id, name, body, media_id, created_at, updated_at";

model::MessageTemplate template_from_row(const Statement& row) {
    model::MessageTemplate tpl;
    tpl.id = row.column_text(0);
    tpl.name = row.column_text(1);
    tpl.body = row.column_text(2);
    tpl.media_id = row.column_text(3);
    tpl.created_at = row.column_int(4);
    tpl.updated_at = row.column_int(5);
    return tpl;
}

}  // namespace

Status TemplateRepository::insert(const model::MessageTemplate& tpl, std::string_view idempotency_key) {
    auto insert = db_.prepare("INSERT INTO templates(" + std::string(kColumns) +
                              ", idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, tpl.id)
        .bind(2, tpl.name)
        .bind(3, tpl.body)
        .bind(4, tpl.media_id)
        .bind(5, tpl.created_at)
        .bind(6, tpl.updated_at);
    if (idempotency_key.empty()) {
        insert->bind_null(7);
    } else {
        insert->bind(7, idempotency_key);
    }
    return insert->run();
}

Result<std::vector<model::MessageTemplate>> TemplateRepository::list() {
    auto query =
        db_.prepare("SELECT " + std::string(kColumns) + " FROM templates ORDER BY name COLLATE NOCASE, id");
    if (!query) return query.error();
    std::vector<model::MessageTemplate> templates;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) break;
        templates.push_back(template_from_row(*query));
    }
    return templates;
}

Result<std::optional<model::MessageTemplate>> TemplateRepository::find_where(std::string_view where,
                                                                             std::string_view value) {
    auto query =
        db_.prepare("SELECT " + std::string(kColumns) + " FROM templates WHERE " + std::string(where));
    if (!query) return query.error();
    query->bind(1, value);
    auto row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<model::MessageTemplate>();
    return std::optional<model::MessageTemplate>(template_from_row(*query));
}

Result<std::optional<model::MessageTemplate>> TemplateRepository::find(std::string_view id) {
    return find_where("id = ?", id);
}

Result<std::optional<model::MessageTemplate>> TemplateRepository::find_by_name(std::string_view name) {
    return find_where("name = ? COLLATE NOCASE", name);
}

Result<std::optional<model::MessageTemplate>> TemplateRepository::find_by_idempotency_key(
    std::string_view key) {
    return find_where("idempotency_key = ?", key);
}

Status TemplateRepository::update(const model::MessageTemplate& tpl) {
    auto update =
        db_.prepare("UPDATE templates SET name = ?, body = ?, media_id = ?, updated_at = ? WHERE id = ?");
    if (!update) return update.error();
    update->bind(1, tpl.name).bind(2, tpl.body).bind(3, tpl.media_id).bind(4, tpl.updated_at).bind(5, tpl.id);
    return update->run();
}

Result<bool> TemplateRepository::remove(std::string_view id) {
    auto found = find(id);
    if (!found) return found.error();
    if (!*found) return false;
    auto remove = db_.prepare("DELETE FROM templates WHERE id = ?");
    if (!remove) return remove.error();
    remove->bind(1, id);
    if (auto done = remove->run(); !done) return done.error();
    return true;
}

}  // namespace wagw::store
