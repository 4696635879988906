#pragma once
// Message templates (gateway migration 8). Every SQL statement about templates is here.
#include <optional>
#include <string_view>
#include <vector>

#include "backend/store/database.hpp"
#include "common/model/message_template.hpp"

namespace wagw::store {

class TemplateRepository {
public:
    explicit TemplateRepository(Database& db) : db_(db) {}

    // `idempotency_key` empty: none. Fails when the name (ignoring case) or the key is taken.
    Status insert(const model::MessageTemplate& tpl, std::string_view idempotency_key);
    Result<std::vector<model::MessageTemplate>> list();  // by name
    Result<std::optional<model::MessageTemplate>> find(std::string_view id);
    Result<std::optional<model::MessageTemplate>> find_by_name(std::string_view name);  // ignoring case
    Result<std::optional<model::MessageTemplate>> find_by_idempotency_key(std::string_view key);
    Status update(const model::MessageTemplate& tpl);  // name, body, media_id, updated_at
    Result<bool> remove(std::string_view id);          // false: there was no such template

private:
    Result<std::optional<model::MessageTemplate>> find_where(std::string_view where, std::string_view value);
    Database& db_;
};

}  // namespace wagw::store
