#pragma once
// Messages of every session in both directions, their status timeline, and the outbox they form (tables
// `messages` and `message_status_history`, gateway migration 3). Every SQL statement about messages is here,
// so another database can replace this file without the services noticing.
//
// Not thread-safe: one owner (MessageService) serializes the calls on its own connection.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/store/database.hpp"
#include "common/model/message.hpp"

namespace wagw::store {

class MessageRepository {
public:
    explicit MessageRepository(Database& db) : db_(db) {}

    // An outgoing message accepted by the API: the row (status queued) and its first timeline entry, in one
    // transaction. `idempotency_key` empty: none. Error "idempotency_conflict" if the key is taken (a race
    // the caller's lookup did not see).
    Status insert_outgoing(const model::Message& message, std::string_view idempotency_key,
                           std::string_view request_hash);
    // An incoming message (or a copy of one our other devices sent): false when this session already holds it
    // (same chat and id), so the server's redelivery after a lost receipt is stored once.
    Result<bool> insert_incoming(const model::Message& message);

    struct IdempotentRequest {
        std::string id;            // the message the key created
        std::string request_hash;  // what the request said, to tell a retry from a reuse of the key
    };
    Result<std::optional<IdempotentRequest>> find_idempotency_key(std::string_view session_id,
                                                                  std::string_view key);

    // The message with this id in the session; an outgoing one first when both directions have it.
    Result<std::optional<model::Message>> find(std::string_view session_id, std::string_view id);
    Result<std::vector<model::MessageStatusChange>> timeline(std::int64_t message_seq);

    struct ListFilter {
        std::string chat;              // empty: every chat
        std::optional<bool> outgoing;  // empty: both directions
        std::int64_t before_seq = 0;   // 0: from the newest
        int limit = 50;
    };
    // Newest first.
    Result<std::vector<model::Message>> list(std::string_view session_id, const ListFilter& filter);

    // The outbox: the oldest queued outgoing message of the session, if any.
    Result<std::optional<model::Message>> next_queued(std::string_view session_id);
    Result<std::int64_t> count_queued(std::string_view session_id);

    // Moves the outgoing message `id` to `status` if that is a step forward (model::status_advances) and adds
    // it to the timeline; returns the message as it is now, or nothing when it did not change (or is
    // unknown). `wa_timestamp` non-zero: WhatsApp's time of the message (from the server's ack).
    Result<std::optional<model::Message>> advance(std::string_view session_id, std::string_view id,
                                                  model::MessageStatus status, std::string_view reason,
                                                  std::int64_t at_ms, std::int64_t wa_timestamp = 0);

private:
    Result<std::vector<model::Message>> select(const std::string& where_and_order,
                                               const std::vector<std::string>& texts,
                                               const std::vector<std::int64_t>& numbers);

    Database& db_;
};

}  // namespace wagw::store
