// Sends that survive a lost connection. A send waits for the next login when there is no connection; once its
// stanza is built it stays in `unacked_` until the server acknowledges it, and every login sends the
// unacknowledged stanzas again, unchanged (same id, same ciphertexts), before anything new. A receiver that
// already has the message sees the same id again and drops it (receive.cpp, MessageLog).
#include <algorithm>

#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/stanza/message_stanza.hpp"

namespace wagw::wa::client {

void WaClient::queue_send(QueuedSend job) {
    if (!logged_in_) {
        if (waiting_sends_.size() + unacked_.size() >= kMaxPendingSends)
            return job.done(Error{"send_queue_full", "too many messages wait for a connection"});
        waiting_sends_.push_back(std::move(job));
        return;
    }
    run_send(std::move(job));
}

void WaClient::send_and_await_ack(const stanza::OutgoingMessage& outgoing, SentCallback done) {
    unacked_.push_back(UnackedMessage{outgoing.id, stanza::build_message_stanza(outgoing), std::move(done)});
    transmit(unacked_.back());
}

void WaClient::transmit(const UnackedMessage& message) {
    if (!logged_in_) return;  // sent again after the next login
    if (auto sent = send_node(message.stanza); !sent) return;
    message_acks_.expect(message.id, IqClock::now() + options_.iq_timeout,
                         [self = shared_from_this(), id = message.id](Result<binary::Node> ack) {
                             self->on_message_ack(id, std::move(ack));
                         });
    arm_iq_timer();
}

void WaClient::on_message_ack(const std::string& id, Result<binary::Node> ack) {
    // The connection ended first: the stanza stays and goes out again after the next login.
    if (!ack && ack.error().code == "disconnected" && running_) return;
    if (!ack && ack.error().code == "iq_timeout" && running_) {
        // A server that does not acknowledge a message in time is not delivering either: start over, and the
        // stanza goes out again after the next login (a send fails only when the client stops or is refused).
        if (logged_in_)
            end_connection(DisconnectReason{DisconnectKind::connection_lost, "message ack",
                                            "the server did not acknowledge a message in time"});
        return;
    }
    auto entry = std::find_if(unacked_.begin(), unacked_.end(), [&](const UnackedMessage& m) { return m.id == id; });
    if (entry == unacked_.end()) return;
    // A participant hash on the ack: the server's device list for the chat differs from the devices we addressed
    // (whatsmeow compares it with its own hash; we send none, so any phash means our lists were stale). The lists
    // involved are dropped so the next send asks again: the peer's and ours, or for a group all of them, since the
    // hash does not say whose list changed.
    if (ack && !attr_string(*ack, "phash").empty()) {
        const binary::Jid* chat = entry->stanza.attr_jid("to");
        if (chat && chat->server != "g.us" && chat->server != "broadcast") {
            device_cache_.forget(*chat);
            if (auto own = binary::parse_jid(device_.jid)) device_cache_.forget(own->without_device());
        } else {
            device_cache_.clear();
        }
    }
    SentCallback done = std::move(entry->done);
    unacked_.erase(entry);
    if (!ack) return done(ack.error());
    std::string error = attr_string(*ack, "error");
    if (!error.empty()) return done(Error{"server_refused", "the server refused the message with error " + error});
    done(SentMessage{id, attr_int(*ack, "t").value_or(0)});
}

// After a login: first what the server may never have seen, in the order it was sent, then the sends that waited.
void WaClient::resume_sends() {
    for (const UnackedMessage& message : unacked_) transmit(message);
    auto waiting = std::move(waiting_sends_);
    waiting_sends_.clear();
    for (QueuedSend& job : waiting) queue_send(std::move(job));
}

// The client stopped for good (stop(), logout, a final disconnect reason): nothing will be sent any more.
void WaClient::fail_sends(const Error& why) {
    auto waiting = std::move(waiting_sends_);
    waiting_sends_.clear();
    auto unacked = std::move(unacked_);
    unacked_.clear();
    for (QueuedSend& job : waiting) job.done(why);
    for (UnackedMessage& message : unacked) message.done(why);
}

}  // namespace wagw::wa::client
