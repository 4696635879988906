#include "backend/services/message_service.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "backend/services/message_request.hpp"
#include "backend/wa/stanza/message_id.hpp"

namespace wagw::services {
namespace {

namespace client = wa::client;
using model::MessageStatus;
using Json = nlohmann::json;

// Failures that another attempt cannot fix: the recipient does not exist or cannot be addressed, or the
// server or the client refused the content. Anything else (no connection, timeouts, a full queue) is
// retried.
bool is_permanent(const Error& error) {
    static const char* const kPermanent[] = {"bad_recipient",       "no_devices",     "server_refused",
                                             "unsupported_content", "bad_message_id", "bad_stored_message",
                                             "invalid_jid",         "bad_jid",        "media_too_large"};
    return std::any_of(std::begin(kPermanent), std::end(kPermanent),
                       [&](const char* code) { return error.code == code; });
}

std::string sha256_hex(const std::string& text) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

// An Idempotency-Key: 1 to 255 printable ASCII characters (Stripe allows 255).
bool valid_idempotency_key(const std::string& key) {
    return !key.empty() && key.size() <= 255 &&
           std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

std::optional<MessageStatus> status_of_receipt(const std::string& type) {
    if (type == "delivered") return MessageStatus::delivered;
    if (type == "read") return MessageStatus::read;
    if (type == "played") return MessageStatus::played;
    return std::nullopt;  // sender, read-self, retry, inactive...: not about the recipient
}

// The user part of a device JID ("4915550001:3@s.whatsapp.net" -> "4915550001@s.whatsapp.net").
std::string without_device(const std::string& jid) {
    const auto colon = jid.find(':');
    const auto at = jid.find('@');
    if (colon == std::string::npos || at == std::string::npos || colon > at) return jid;
    return jid.substr(0, colon) + jid.substr(at);
}

// A reference to a stored message, as a reply, reaction, edit or revoke names it.
Json ref_to(const model::Message& target) {
    Json ref{{"chat", target.chat}, {"id", target.id}, {"from_me", target.outgoing}};
    if (!target.outgoing && target.chat.ends_with("@g.us"))
        ref["participant"] = without_device(target.sender);
    return ref;
}

// What a received message says, in words, for lists.
std::string text_of(const wa::message::Content& content, const std::string& fallback) {
    namespace message = wa::message;
    if (const auto* text = std::get_if<message::Text>(&content)) return text->text;
    if (const auto* media = std::get_if<message::Media>(&content)) return media->caption;
    if (const auto* reaction = std::get_if<message::Reaction>(&content)) return reaction->emoji;
    if (const auto* edit = std::get_if<message::Edit>(&content)) return edit->text;
    if (const auto* poll = std::get_if<message::Poll>(&content)) return poll->question;
    if (const auto* location = std::get_if<message::Location>(&content)) return location->name;
    if (const auto* card = std::get_if<message::ContactCard>(&content)) return card->display_name;
    return fallback;
}

Json status_data(const model::Message& message) {
    return {{"id", message.id},
            {"chat", message.chat},
            {"status", model::status_name(message.status)},
            {"reason", message.status_reason},
            {"timestamp", message.timestamp},
            {"at_ms", message.updated_at}};
}

}  // namespace

model::EventEnvelope message_event(const char* type, const std::string& session_id, std::int64_t at_ms,
                                   Json data) {
    data["session"] = session_id;
    return {type, at_ms, std::move(data), 0, session_id};
}

MessageService::MessageService(asio::io_context& io, store::Database db, SessionService& sessions,
                               Publish publish, Clock clock, OutboxPolicy policy)
    : io_(io),
      sessions_(sessions),
      publish_(std::move(publish)),
      clock_(std::move(clock)),
      policy_(policy),
      db_(std::move(db)),
      repository_(db_) {}

MessageService::~MessageService() {
    shutdown();
}

void MessageService::shutdown() {
    std::lock_guard lock(mutex_);
    for (auto& [id, box] : outboxes_) {
        if (box.retry) box.retry->cancel();
        box.connected = false;
        box.client.reset();
    }
}

void MessageService::publish_all(const Events& events) {
    for (const auto& event : events) publish_(event);
}

Result<model::Session> MessageService::linked_session(const std::string& session_id, std::string& field) {
    auto session = sessions_.get(session_id);
    if (!session) {
        if (session.error().code == "not_found") field = "id";
        return session.error();
    }
    if (session->jid.empty()) {
        field = "id";
        return Error{"not_linked",
                     "the session is not linked to a WhatsApp account yet: start it and scan its "
                     "QR code first"};
    }
    return session;
}

Result<MessageService::Accepted> MessageService::enqueue_locked(const model::Session& session,
                                                                model::Message message,
                                                                const std::string& idempotency_key,
                                                                const std::string& request_hash) {
    message.session_id = session.id;
    message.outgoing = true;
    // The WhatsApp id is fixed now: every attempt, before or after a crash, sends this same message.
    message.id = wa::stanza::new_message_id(session.phone);
    message.status = MessageStatus::queued;
    message.status_reason = "accepted";
    message.created_at = message.updated_at = clock_();
    if (auto stored = repository_.insert_outgoing(message, idempotency_key, request_hash); !stored)
        return stored.error();
    return Accepted{message.id, MessageStatus::queued};
}

Result<MessageService::Accepted> MessageService::send(const std::string& session_id, const Json& body,
                                                      const std::string& idempotency_key, std::string& field,
                                                      const Json* idempotency_body) {
    if (!idempotency_key.empty() && !valid_idempotency_key(idempotency_key)) {
        field = "Idempotency-Key";
        return Error{"invalid_field", "Idempotency-Key must be 1 to 255 printable ASCII characters"};
    }
    auto session = linked_session(session_id, field);
    if (!session) return session.error();
    auto request = parse_send_request(body, field);
    if (!request) return request.error();
    if (auto media = request->normalized.find("media_id"); media != request->normalized.end()) {
        if (!media_known_ || !media_known_(session_id, media->get<std::string>())) {
            field = "media_id";
            return Error{"unknown_media", "no media " + media->get<std::string>() +
                                              " in this session (upload it with POST /api/sessions/" +
                                              session_id +
                                              "/media; unused files may be evicted when the cache is full)"};
        }
    }
    // Keys are compared on what the client sent (nlohmann sorts object keys, so spacing and key order do not
    // matter), not on what we derived from it.
    const std::string request_hash = idempotency_key.empty()
                                         ? std::string()
                                         : sha256_hex((idempotency_body ? *idempotency_body : body).dump());
    Result<Accepted> accepted = Error{"internal", "not reached"};
    {
        std::lock_guard lock(mutex_);
        if (!idempotency_key.empty()) {
            auto earlier = repository_.find_idempotency_key(session_id, idempotency_key);
            if (!earlier) return earlier.error();
            if (*earlier) {
                if ((*earlier)->request_hash != request_hash) {
                    field = "Idempotency-Key";
                    return Error{
                        "idempotency_conflict",
                        "this Idempotency-Key was already used for a different request; use a new key "
                        "for a new message"};
                }
                return Accepted{(*earlier)->id, MessageStatus::queued};  // the same answer, no second message
            }
        }
        model::Message message;
        message.chat = request->to;
        message.type = request->type;
        message.text = request->text;
        message.content = request->normalized;
        for (const auto& [key, target_id] :
             {std::pair<const char*, std::string>{"reply_to", request->reply_to},
              std::pair<const char*, std::string>{"message_id", request->target_id}}) {
            if (target_id.empty()) continue;
            auto target = repository_.find(session_id, target_id);
            if (!target) return target.error();
            if (!*target) {
                field = key;
                return Error{"unknown_message", "this session has no message " + target_id};
            }
            if (!message.chat.empty() && (*target)->chat != message.chat) {
                field = key;
                return Error{"invalid_field", "message " + target_id + " is in another chat (" +
                                                  (*target)->chat + ") than this message goes to"};
            }
            Json ref = ref_to(**target);
            if (std::string_view(key) == "reply_to") {
                ref["text"] = (*target)->text;
                message.content["quoted"] = ref;
            } else {
                message.chat = (*target)->chat;
                message.content["to"] = message.chat;
                message.content["target"] = ref;
                message.content["at_ms"] = clock_();
            }
        }
        accepted = enqueue_locked(*session, std::move(message), idempotency_key, request_hash);
    }
    if (accepted) pump(session_id);
    return accepted;
}

// The message an edit or a revoke points at: one this account sent, and that went out. `field` stays "mid"
// for the errors about the target, and is cleared when it is fine.
Result<model::Message> MessageService::sent_target_locked(const std::string& session_id,
                                                          const std::string& message_id, const char* action,
                                                          std::string& field) {
    auto target = repository_.find(session_id, message_id);
    if (!target) return target.error();
    field = "mid";
    if (!*target) return Error{"not_found", "this session has no message " + message_id};
    if (!(*target)->outgoing)
        return Error{"not_own_message", "only messages this account sent can be edited or deleted"};
    if ((*target)->status == MessageStatus::queued || (*target)->status == MessageStatus::failed) {
        return Error{"not_sent", "the message was not sent (it is " +
                                     std::string(model::status_name((*target)->status)) + "): nothing to " +
                                     action};
    }
    field.clear();
    return std::move(**target);
}

Result<MessageService::Accepted> MessageService::edit(const std::string& session_id,
                                                      const std::string& message_id, const Json& body,
                                                      std::string& field) {
    auto session = linked_session(session_id, field);
    if (!session) return session.error();
    Result<Accepted> accepted = Error{"internal", "not reached"};
    {
        std::lock_guard lock(mutex_);
        auto target = sent_target_locked(session_id, message_id, "edit", field);
        if (!target) return target.error();
        if (target->type != "text") {
            field = "mid";
            return Error{"not_editable", "only text messages can be edited; this one is a " + target->type};
        }
        auto text = parse_edit_request(body, field);
        if (!text) return text.error();
        model::Message message;
        message.chat = target->chat;
        message.type = "edit";
        message.text = *text;
        message.content = {{"type", "edit"},
                           {"to", message.chat},
                           {"text", *text},
                           {"at_ms", clock_()},
                           {"target", ref_to(*target)}};
        accepted = enqueue_locked(*session, std::move(message), {}, {});
    }
    if (accepted) pump(session_id);
    return accepted;
}

Result<MessageService::Accepted> MessageService::revoke(const std::string& session_id,
                                                        const std::string& message_id, std::string& field) {
    auto session = linked_session(session_id, field);
    if (!session) return session.error();
    Result<Accepted> accepted = Error{"internal", "not reached"};
    {
        std::lock_guard lock(mutex_);
        auto target = sent_target_locked(session_id, message_id, "delete", field);
        if (!target) return target.error();
        if (target->type == "edit" || target->type == "revoke") {
            field = "mid";
            return Error{"not_editable",
                         "an " + target->type + " cannot itself be deleted; delete the message"};
        }
        model::Message message;
        message.chat = target->chat;
        message.type = "revoke";
        message.content = {{"type", "revoke"}, {"to", message.chat}, {"target", ref_to(*target)}};
        accepted = enqueue_locked(*session, std::move(message), {}, {});
    }
    if (accepted) pump(session_id);
    return accepted;
}

Result<MessageService::Detail> MessageService::get(const std::string& session_id,
                                                   const std::string& message_id) {
    if (auto session = sessions_.get(session_id); !session) return session.error();
    std::lock_guard lock(mutex_);
    auto found = repository_.find(session_id, message_id);
    if (!found) return found.error();
    if (!*found) return Error{"not_found", "this session has no message " + message_id};
    auto timeline = repository_.timeline((*found)->seq);
    if (!timeline) return timeline.error();
    return Detail{std::move(**found), std::move(*timeline)};
}

Result<MessageService::Page> MessageService::list(const std::string& session_id, const ListQuery& query,
                                                  std::string& field) {
    if (auto session = sessions_.get(session_id); !session) {
        field = "id";
        return session.error();
    }
    store::MessageRepository::ListFilter filter;
    if (!query.chat.empty()) {
        auto chat = recipient_jid(query.chat);
        if (!chat) {
            field = "chat";
            return chat.error();
        }
        filter.chat = *chat;
    }
    if (query.direction == "in" || query.direction == "out") {
        filter.outgoing = query.direction == "out";
    } else if (!query.direction.empty()) {
        field = "direction";
        return Error{"invalid_field", "direction must be in or out"};
    }
    if (!query.limit.empty()) {
        int limit = 0;
        const auto [end, error] =
            std::from_chars(query.limit.data(), query.limit.data() + query.limit.size(), limit);
        if (error != std::errc() || end != query.limit.data() + query.limit.size() || limit < 1 ||
            limit > 200) {
            field = "limit";
            return Error{"invalid_field", "limit must be a whole number from 1 to 200"};
        }
        filter.limit = limit;
    }
    std::lock_guard lock(mutex_);
    if (!query.before.empty()) {
        auto cursor = repository_.find(session_id, query.before);
        if (!cursor) return cursor.error();
        if (!*cursor) {
            field = "before";
            return Error{"unknown_message",
                         "before must be a message id of this session (next_before of the "
                         "previous page)"};
        }
        filter.before_seq = (*cursor)->seq;
    }
    auto messages = repository_.list(session_id, filter);
    if (!messages) return messages.error();
    Page page;
    if (static_cast<int>(messages->size()) == filter.limit) page.next_before = messages->back().id;
    page.messages = std::move(*messages);
    return page;
}

// Hands the session's oldest queued message to its client, if the client is connected and nothing is in
// flight. Rows that cannot be sent at all are failed here and the next one is tried.
void MessageService::pump(const std::string& session_id) {
    for (;;) {
        std::shared_ptr<client::WaClient> wa;
        std::optional<PreparedSend> prepared;
        std::string id;
        std::uint64_t generation = 0;
        Events events;
        {
            std::lock_guard lock(mutex_);
            Outbox& box = outboxes_[session_id];
            if (!box.connected || !box.client || box.in_flight || box.retry_waiting) return;
            auto next = repository_.next_queued(session_id);
            if (!next) {
                std::fprintf(stderr, "wagw: outbox of %s: %s\n", session_id.c_str(),
                             next.error().message.c_str());
                return;
            }
            if (!*next) return;
            id = (*next)->id;
            auto ready = prepare_send((*next)->content, [this, &session_id](const std::string& media_id) {
                return open_media_ ? open_media_(session_id, media_id)
                                   : Result<OpenedMedia>(Error{"not_found", "no media store"});
            });
            if (!ready) {
                record_locked(session_id, id, MessageStatus::failed, ready.error().message, 0, events);
            } else {
                prepared = std::move(*ready);
                box.in_flight = true;
                wa = box.client;
                generation = box.generation;
            }
        }
        publish_all(events);
        if (!prepared) continue;
        auto done = [this, session_id, generation, id](Result<client::WaClient::SentMessage> outcome) {
            on_sent(session_id, generation, id, std::move(outcome));
        };
        if (auto* content = std::get_if<wa::message::Content>(&prepared->what)) {
            wa->send(prepared->to, std::move(*content), std::move(done), id);
        } else {
            wa->send_media(prepared->to, std::get<client::WaClient::MediaFile>(std::move(prepared->what)),
                           std::move(done), id);
        }
        return;
    }
}

void MessageService::record_locked(const std::string& session_id, const std::string& id, MessageStatus status,
                                   const std::string& reason, std::int64_t wa_timestamp, Events& events) {
    const std::int64_t now = clock_();
    auto changed = repository_.advance(session_id, id, status, reason, now, wa_timestamp);
    if (!changed) {
        std::fprintf(stderr, "wagw: message %s of %s: %s\n", id.c_str(), session_id.c_str(),
                     changed.error().message.c_str());
        return;
    }
    if (!*changed) return;  // not a step forward: a late or repeated receipt
    if (status == MessageStatus::sent)
        events.push_back(message_event(model::kMessageSentEvent, session_id, now, status_data(**changed)));
    events.push_back(message_event(model::kMessageStatusEvent, session_id, now, status_data(**changed)));
}

void MessageService::on_sent(const std::string& session_id, std::uint64_t generation, const std::string& id,
                             Result<client::WaClient::SentMessage> outcome) {
    Events events;
    {
        std::lock_guard lock(mutex_);
        Outbox& box = outboxes_[session_id];
        if (box.generation != generation) return;  // a client replaced since: the new one starts over
        box.in_flight = false;
        if (outcome) {
            box.failures = 0;
            record_locked(session_id, id, MessageStatus::sent, "acknowledged by the server",
                          outcome->timestamp, events);
        } else if (is_permanent(outcome.error())) {
            box.failures = 0;
            record_locked(session_id, id, MessageStatus::failed, outcome.error().message, 0, events);
        } else if (outcome.error().code == "not_connected" || outcome.error().code == "disconnected") {
            // The client stopped (the session was stopped or restarted): the row waits for the next login.
            box.connected = false;
        } else if (box.connected) {
            // Only failures while connected count: a session that is down just waits for its next login.
            if (++box.failures >= policy_.max_attempts) {
                box.failures = 0;
                record_locked(session_id, id, MessageStatus::failed,
                              "gave up after " + std::to_string(policy_.max_attempts) +
                                  " attempts: " + outcome.error().message,
                              0, events);
            } else {
                auto delay = policy_.first_retry * (1 << std::min(box.failures - 1, 16));
                if (delay > policy_.max_retry) delay = policy_.max_retry;
                if (!box.retry) box.retry = std::make_unique<asio::steady_timer>(io_);
                box.retry_waiting = true;
                box.retry->expires_after(delay);
                box.retry->async_wait([this, session_id](const std::error_code& ec) {
                    if (ec) return;
                    {
                        std::lock_guard lock(mutex_);
                        outboxes_[session_id].retry_waiting = false;
                    }
                    pump(session_id);
                });
            }
        }
    }
    publish_all(events);
    pump(session_id);
}

void MessageService::store_incoming(const std::string& session_id, const client::MessageReceived& received) {
    // Protocol messages (history-sync notices, app-state key shares from our own phone, ...) are the devices
    // talking to each other, not a message anybody wrote: no row in the chat, no message.received event.
    if (received.kind.starts_with("unsupported:protocol")) return;
    model::Message message;
    message.session_id = session_id;
    message.id = received.id;
    message.chat = received.chat;
    message.outgoing = received.from_me;  // a copy of what our other device sent: ours
    message.type = received.kind;
    message.sender = received.sender_device;
    message.push_name = received.push_name;
    message.text = text_of(received.content, received.text);
    // The client's own JSON view of the content (media keys left out).
    Json whole = Json::parse(client::to_json(client::ClientEvent{received}), nullptr, false);
    if (!whole.is_discarded() && whole.contains("content")) message.content = whole["content"];
    message.status = received.from_me ? MessageStatus::sent : MessageStatus::received;
    message.status_reason = received.from_me ? "sent from another device" : "";
    message.timestamp = received.timestamp;
    message.created_at = message.updated_at = clock_();
    Result<bool> stored = false;
    {
        std::lock_guard lock(mutex_);
        stored = repository_.insert_incoming(message);
    }
    if (!stored) {
        std::fprintf(stderr, "wagw: cannot store message %s of %s: %s\n", received.id.c_str(),
                     session_id.c_str(), stored.error().message.c_str());
        return;
    }
    if (*stored)
        publish_(
            message_event(model::kMessageReceivedEvent, session_id, message.created_at, to_json(message)));
}

void MessageService::on_client_event(const std::string& session_id,
                                     const std::shared_ptr<client::WaClient>& wa,
                                     const client::ClientEvent& event) {
    if (const auto* received = std::get_if<client::MessageReceived>(&event))
        return store_incoming(session_id, *received);
    if (const auto* receipt = std::get_if<client::ReceiptReceived>(&event)) {
        auto status = status_of_receipt(receipt->type);
        if (!status) return;
        Events events;
        {
            std::lock_guard lock(mutex_);
            for (const auto& id : receipt->ids)
                record_locked(session_id, id, *status, receipt->type + " receipt from " + receipt->from, 0,
                              events);
        }
        return publish_all(events);
    }
    const bool connected = std::holds_alternative<client::Connected>(event);
    const bool down = std::holds_alternative<client::Disconnected>(event) ||
                      std::holds_alternative<client::LoggedOut>(event);
    if (!connected && !down) return;
    {
        std::lock_guard lock(mutex_);
        Outbox& box = outboxes_[session_id];
        if (connected && box.client != wa) {
            // Another client (a restart of the session): what the old one held in flight failed with it.
            box.client = wa;
            box.in_flight = false;
            box.failures = 0;
            ++box.generation;
        }
        box.connected = connected;
    }
    if (connected) pump(session_id);
}

}  // namespace wagw::services
