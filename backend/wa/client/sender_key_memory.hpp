#pragma once
// Which devices already hold our sender key for a group, so a group send carries the sender-key distribution
// (SKDM) only to devices that lack it (Baileys' "sender-key-memory"; whatsmeow re-sends it every time). In
// SQLite so a restart does not re-distribute to everyone. Forgotten for a whole group when its membership changes
// and for one device when it asks for a message again (a retry receipt), so the next send includes the key.
#include <set>
#include <string>

#include "backend/store/database.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::client {

inline constexpr std::string_view kSenderKeyMemoryComponent = "wa_client_sender_keys";

class SenderKeyMemory {
public:
    static Result<SenderKeyMemory> open(store::Database& db, std::string account);

    // Devices (their Signal address "name.device") known to hold our current sender key for `group`.
    Result<std::set<std::string>> devices_with_key(const std::string& group);
    Status remember(const std::string& group, const std::set<std::string>& devices);
    Status forget_group(const std::string& group);
    Status forget_device(const std::string& group, const std::string& device);
    Status wipe();

private:
    SenderKeyMemory(store::Database& db, std::string account) : db_(&db), account_(std::move(account)) {}
    store::Database* db_;
    std::string account_;
};

}  // namespace wagw::wa::client
