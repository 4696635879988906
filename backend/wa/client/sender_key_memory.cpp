#include "backend/wa/client/sender_key_memory.hpp"

#include "backend/store/migrations.hpp"

namespace wagw::wa::client {
namespace {

constexpr store::Migration kMigrations[] = {
    {1, "devices holding our sender key per group", R"sql(
        CREATE TABLE wa_client_sender_key_devices (
            account  TEXT NOT NULL,
            grp      TEXT NOT NULL,
            device   TEXT NOT NULL,
            PRIMARY KEY (account, grp, device)
        );
    )sql"},
};

}  // namespace

Result<SenderKeyMemory> SenderKeyMemory::open(store::Database& db, std::string account) {
    if (auto applied = store::apply_migrations(db, kSenderKeyMemoryComponent, kMigrations); !applied)
        return applied.error();
    return SenderKeyMemory(db, std::move(account));
}

Result<std::set<std::string>> SenderKeyMemory::devices_with_key(const std::string& group) {
    auto query = db_->prepare("SELECT device FROM wa_client_sender_key_devices WHERE account = ? AND grp = ?");
    if (!query) return query.error();
    query->bind(1, account_).bind(2, group);
    std::set<std::string> devices;
    for (;;) {
        auto row = query->step();
        if (!row) return row.error();
        if (!*row) return devices;
        devices.insert(query->column_text(0));
    }
}

Status SenderKeyMemory::remember(const std::string& group, const std::set<std::string>& devices) {
    if (devices.empty()) return ok_status();
    auto transaction = store::Transaction::begin(*db_);
    if (!transaction) return transaction.error();
    for (const std::string& device : devices) {
        auto insert = db_->prepare(
            "INSERT INTO wa_client_sender_key_devices (account, grp, device) VALUES (?, ?, ?) "
            "ON CONFLICT (account, grp, device) DO NOTHING");
        if (!insert) return insert.error();
        insert->bind(1, account_).bind(2, group).bind(3, device);
        if (auto done = insert->run(); !done) return done;
    }
    return transaction->commit();
}

Status SenderKeyMemory::forget_group(const std::string& group) {
    auto remove = db_->prepare("DELETE FROM wa_client_sender_key_devices WHERE account = ? AND grp = ?");
    if (!remove) return remove.error();
    remove->bind(1, account_).bind(2, group);
    return remove->run();
}

Status SenderKeyMemory::forget_device(const std::string& group, const std::string& device) {
    auto remove =
        db_->prepare("DELETE FROM wa_client_sender_key_devices WHERE account = ? AND grp = ? AND device = ?");
    if (!remove) return remove.error();
    remove->bind(1, account_).bind(2, group).bind(3, device);
    return remove->run();
}

Status SenderKeyMemory::wipe() {
    auto remove = db_->prepare("DELETE FROM wa_client_sender_key_devices WHERE account = ?");
    if (!remove) return remove.error();
    remove->bind(1, account_);
    return remove->run();
}

}  // namespace wagw::wa::client
