#include "backend/store/api_key_repository.hpp"

#include <sstream>

namespace wagw::store {
namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string text;
    for (const std::string& word : words) {
        if (!text.empty()) text += ' ';
        text += word;
    }
    return text;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

}  // namespace

Status ApiKeyRepository::insert(const ApiKeyRecord& key) {
    auto insert = db_.prepare(
        "INSERT INTO api_keys (id, name, scopes, sessions, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, "
        "?)");
    if (!insert) return insert.error();
    insert->bind(1, key.id).bind(2, key.name).bind(3, joined(key.scopes));
    if (key.sessions) {
        insert->bind(4, joined(*key.sessions));
    } else {
        insert->bind_null(4);
    }
    return insert->bind(5, key.secret_hash).bind(6, key.created_at).run();
}

Result<std::vector<ApiKeyRecord>> ApiKeyRepository::list() {
    auto select = db_.prepare(
        "SELECT id, name, scopes, sessions, secret_hash, created_at FROM api_keys ORDER BY created_at, id");
    if (!select) return select.error();
    std::vector<ApiKeyRecord> keys;
    for (;;) {
        auto row = select->step();
        if (!row) return row.error();
        if (!*row) break;
        ApiKeyRecord key;
        key.id = select->column_text(0);
        key.name = select->column_text(1);
        key.scopes = split(select->column_text(2));
        if (!select->column_is_null(3)) key.sessions = split(select->column_text(3));
        key.secret_hash = select->column_text(4);
        key.created_at = select->column_int(5);
        keys.push_back(std::move(key));
    }
    return keys;
}

Result<bool> ApiKeyRepository::remove(const std::string& id) {
    auto count = db_.prepare("SELECT count(*) FROM api_keys WHERE id = ?");
    if (!count) return count.error();
    count->bind(1, id);
    auto row = count->step();
    if (!row) return row.error();
    if (!*row || count->column_int(0) == 0) return false;
    auto remove = db_.prepare("DELETE FROM api_keys WHERE id = ?");
    if (!remove) return remove.error();
    if (auto done = remove->bind(1, id).run(); !done) return done.error();
    return true;
}

}  // namespace wagw::store
