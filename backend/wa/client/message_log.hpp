#pragma once
// What the client remembers about recent messages, in SQLite so a restart does not forget:
// - messages we sent (the encoded Message, sealed with the SecretBox), so a peer's retry receipt can be answered
//   by re-sending the same id to that one device;
// - ids of messages we received and handed to the owner, keyed by (chat, sender, id), so a message the server
//   delivers again (its receipt was lost with the connection, or the sender re-sent it) becomes no second event.
// Both are bounded: rows older than the retention or beyond the row cap are pruned as new ones arrive.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backend/store/database.hpp"
#include "backend/store/migrations.hpp"
#include "backend/store/secret_box.hpp"
#include "common/util/result.hpp"

namespace wagw::wa::client {

inline constexpr std::string_view kMessageLogComponent = "wa_client_messages";

struct SentRecord {
    std::string id;
    std::string chat;                   // user or group JID the message went to
    std::vector<std::uint8_t> message;  // the encoded Message protobuf (unpadded)
    std::string type;                   // stanza type ("text", "media", ...)
    std::string edit;                   // stanza edit attribute ("1", "7" or "")
    std::int64_t sent_at = 0;           // unix seconds
};

struct MessageLogLimits {
    std::size_t max_sent = 5000;
    std::size_t max_received = 20000;
    std::chrono::seconds sent_retention{std::chrono::hours(24)};
    std::chrono::seconds received_retention{std::chrono::hours(24 * 3)};
};

class MessageLog {
public:
    static Result<MessageLog> open(store::Database& db, const store::SecretBox& box, std::string account,
                                   MessageLogLimits limits = {});

    Status remember_sent(const SentRecord& record);
    // The message we sent with this id (within the retention), or nothing.
    Result<std::optional<SentRecord>> find_sent(const std::string& id);

    // True when (chat, sender, id) was already handed to the owner.
    Result<bool> was_received(const std::string& chat, const std::string& sender, const std::string& id);
    Status remember_received(const std::string& chat, const std::string& sender, const std::string& id);

    // Forgets this account's rows (the link was wiped).
    Status wipe();

private:
    MessageLog(store::Database& db, const store::SecretBox& box, std::string account, MessageLogLimits limits)
        : db_(&db), box_(&box), account_(std::move(account)), limits_(limits) {}
    Status prune_sent();
    Status prune_received();

    store::Database* db_;
    const store::SecretBox* box_;
    std::string account_;
    MessageLogLimits limits_;
    std::size_t sent_since_prune_ = 0;
    std::size_t received_since_prune_ = 0;
};

}  // namespace wagw::wa::client
