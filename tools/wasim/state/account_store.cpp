#include "tools/wasim/state/account_store.hpp"

#include <array>
#include <filesystem>

#include "backend/store/migrations.hpp"
#include "tools/wasim/state/account_record.hpp"

namespace wagw::wasim {
namespace {

constexpr std::array<store::Migration, 1> kMigrations{{
    {1, "accounts", "CREATE TABLE wasim_accounts (phone TEXT PRIMARY KEY, record TEXT NOT NULL);"},
}};

}  // namespace

Result<std::unique_ptr<AccountStore>> AccountStore::open(const std::string& data_dir) {
    auto db = store::Database::open(std::filesystem::path(data_dir) / "wasim.db");
    if (!db) return db.error();
    if (auto applied = store::apply_migrations(*db, "wasim", kMigrations); !applied) return applied.error();
    return std::unique_ptr<AccountStore>(new AccountStore(std::move(*db)));
}

Result<std::vector<Account>> AccountStore::load_all() {
    auto statement = db_.prepare("SELECT record FROM wasim_accounts ORDER BY phone");
    if (!statement) return statement.error();
    std::vector<Account> accounts;
    while (true) {
        auto row = statement->step();
        if (!row) return row.error();
        if (!*row) break;
        auto account = decode_account_record(statement->column_text(0));
        if (!account) return account.error();
        accounts.push_back(std::move(*account));
    }
    return accounts;
}

Status AccountStore::save(const Account& account) {
    auto statement = db_.prepare(
        "INSERT INTO wasim_accounts (phone, record) VALUES (?1, ?2) "
        "ON CONFLICT(phone) DO UPDATE SET record = excluded.record");
    if (!statement) return statement.error();
    statement->bind(1, account.phone).bind(2, encode_account_record(account));
    return statement->run();
}

}  // namespace wagw::wasim
