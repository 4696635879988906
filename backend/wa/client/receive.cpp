// Receiving (protocol notes §7.6-7.7): decrypt each <enc> with the sender device's session, strip the
// padding, decode the Message, tell the owner, then send the receipt (which is also the message's ack).
// Undecryptable messages get a retry receipt (retry.cpp) and a nack; a message delivered again after it was
// handed to the owner only gets its receipt again.
#include <asio/post.hpp>

#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/message/message_codec.hpp"
#include "backend/wa/signal/padding.hpp"
#include "backend/wa/stanza/ack_stanza.hpp"
#include "backend/wa/stanza/message_stanza.hpp"
#include "backend/wa/stanza/receipt_stanza.hpp"

namespace wagw::wa::client {

// Which conversation a 1:1 stanza belongs to for duplicate detection: the sending user in its session form (LID
// when known), and for copies of our own sends also the chat they went to.
std::string WaClient::dedup_chat_key(const binary::Jid& from, const std::optional<binary::Jid>& recipient) {
    auto user = session_address(from.without_device());
    std::string key = user ? user->name : from.without_device().to_string();
    if (recipient) key += ">" + recipient->without_device().to_string();
    return key;
}

void WaClient::on_message(const binary::Node& node) {
    auto delivered = stanza::parse_delivered_message(node);
    if (!delivered) {
        // An id that is not a message id (a path, a quote, 200 characters) is hostile, not merely odd: it
        // would reach file names, JSON and database keys above us. The stanza is refused unread, like an
        // undecryptable one, but with no event: an event would carry that id to the owner.
        if (delivered.error().code == "bad_message_id") {
            ++refused_message_ids_;
            send_ack(node, "message", "500");
            return;
        }
        send_ack(node, "message");
        return;
    }
    // Learn PN <-> LID from the stanza, so replies share the session.
    if (delivered->from.server == "lid" && delivered->sender_pn) {
        learn_lid(delivered->sender_pn->user, delivered->from);
    } else if (delivered->from.server == "s.whatsapp.net" && delivered->sender_lid) {
        learn_lid(delivered->from.user, *delivered->sender_lid);
    }
    remember_push_name(delivered->participant.value_or(delivered->from), delivered->sender_pn, delivered->push_name);
    // A sending device our cached list of its user lacks (a new companion): the next send asks for the list again.
    forget_stale_devices(delivered->participant.value_or(delivered->from));
    if (delivered->from.server == "g.us") return on_group_message(node, *delivered);
    const binary::Jid sender = delivered->participant.value_or(delivered->from);
    auto address = session_address(sender);
    // Refused with a nack; a decryption failure also asks the sender to encrypt it again (a retry receipt),
    // as Baileys does.
    auto nack = [&](const std::string& why, bool decryption = false) {
        if (!decryption || !request_retry(*delivered, sender, why))
            emit(MessageUndecryptable{delivered->id, sender.to_string(), why, 0});
        binary::Node ack{"ack",
                         {text_attr("id", delivered->id), jid_attr("to", delivered->from),
                          text_attr("class", "message"), text_attr("error", "500")},
                         {}};
        (void)send_node(ack);
    };
    if (!address) return nack(address.error().message);

    // The same message again (its receipt was lost with a connection, or the sender sent it again after a lost
    // ack): the owner already has it, so it only gets its receipt again. Checked before decrypting because a
    // repeated ciphertext no longer decrypts.
    const std::string dedup_chat = dedup_chat_key(delivered->from, delivered->recipient);
    const std::string dedup_sender = address->name + "." + std::to_string(address->device);
    if (auto seen = message_log_->was_received(dedup_chat, dedup_sender, delivered->id); seen && *seen) {
        stanza::Receipt receipt;
        receipt.ids = {delivered->id};
        receipt.peer = delivered->from;
        receipt.participant = delivered->participant;
        receipt.recipient = delivered->recipient;
        receipt.type = delivered->recipient ? stanza::ReceiptType::Sender : stanza::ReceiptType::Delivered;
        (void)send_node(stanza::build_receipt(receipt, stanza::Direction::ToServer));
        return;
    }

    for (const stanza::EncPayload& enc : delivered->encs) {
        if (enc.type != "pkmsg" && enc.type != "msg") continue;  // skmsg: groups are not in the core yet
        auto kind = signal::ciphertext_kind_from_wire(enc.type);
        auto plain = signal_->decrypt(*address, signal::Ciphertext{*kind, enc.ciphertext});
        if (!plain) return nack(plain.error().code + ": " + plain.error().message, true);
        auto unpadded =
            enc.version == 3 ? Result<std::vector<std::uint8_t>>(*plain) : signal::unpad_message(*plain);
        if (!unpadded) return nack(unpadded.error().message);
        auto decoded = message::decode_message(*unpadded);
        if (!decoded) return nack(decoded.error().message);

        MessageReceived received;
        received.id = delivered->id;
        received.sender_device = sender.to_string();
        received.push_name = delivered->push_name;
        received.timestamp = delivered->timestamp;
        received.from_me = decoded->device_sent_to.has_value() || delivered->recipient.has_value();
        received.chat = received.from_me ? (decoded->device_sent_to ? *decoded->device_sent_to
                                                                    : delivered->recipient->to_string())
                                         : (delivered->sender_pn && delivered->from.server == "lid"
                                                ? delivered->sender_pn->without_device().to_string()
                                                : delivered->from.without_device().to_string());
        if (decoded->has_content) {
            received.kind = message::content_kind(decoded->content);
            if (const auto* text = std::get_if<message::Text>(&decoded->content)) received.text = text->text;
            received.content = decoded->content;
            emit(received);
        }
        (void)message_log_->remember_received(dedup_chat, dedup_sender, delivered->id);
        stanza::Receipt receipt;
        receipt.ids = {delivered->id};
        receipt.peer = delivered->from;
        receipt.participant = delivered->participant;
        receipt.recipient = delivered->recipient;
        receipt.type = received.from_me ? stanza::ReceiptType::Sender : stanza::ReceiptType::Delivered;
        (void)send_node(stanza::build_receipt(receipt, stanza::Direction::ToServer));
        return;
    }
    nack("no pairwise <enc> in the message");
}

// A group message: the pairwise <enc> (if any) carries the sender's key distribution, processed first; then
// the skmsg decrypts with that sender key. Receipted once, for the group and the sending participant.
void WaClient::on_group_message(const binary::Node& node, const stanza::DeliveredMessage& delivered) {
    const binary::Jid group = delivered.from;
    if (!delivered.participant) {
        send_ack(node, "message");
        return;
    }
    const binary::Jid sender = *delivered.participant;
    // The server names the sender's phone number beside its LID, so its pairwise session is found either way.
    if (const binary::Jid* pn = node.attr_jid("participant_pn"); pn && sender.server == "lid") learn_lid(pn->user, sender);
    auto nack = [&](const std::string& why, bool decryption = false) {
        if (!decryption || !request_retry(delivered, sender, why))
            emit(MessageUndecryptable{delivered.id, sender.to_string(), why, 0});
        binary::Node ack{"ack",
                         {text_attr("id", delivered.id), jid_attr("to", group), jid_attr("participant", sender),
                          text_attr("class", "message"), text_attr("error", "500")},
                         {}};
        (void)send_node(ack);
    };
    auto address = session_address(sender);
    if (!address) return nack(address.error().message);
    auto receipt_to_server = [&] {
        stanza::Receipt receipt;
        receipt.ids = {delivered.id};
        receipt.peer = group;
        receipt.participant = sender;
        receipt.type = stanza::ReceiptType::Delivered;
        (void)send_node(stanza::build_receipt(receipt, stanza::Direction::ToServer));
    };
    const std::string dedup_chat = group.to_string();
    const std::string dedup_sender = address->name + "." + std::to_string(address->device);
    if (auto seen = message_log_->was_received(dedup_chat, dedup_sender, delivered.id); seen && *seen)
        return receipt_to_server();  // delivered again: the owner already has it
    std::optional<message::DecodedMessage> decoded;
    for (const stanza::EncPayload& enc : delivered.encs) {
        std::vector<std::uint8_t> plain;
        if (enc.type == "pkmsg" || enc.type == "msg") {
            auto opened = signal_->decrypt(*address, signal::Ciphertext{*signal::ciphertext_kind_from_wire(enc.type),
                                                                        enc.ciphertext});
            if (!opened) return nack(opened.error().code + ": " + opened.error().message, true);
            plain = std::move(*opened);
        } else if (enc.type == "skmsg") {
            auto opened = signal_->group_decrypt(group.to_string(), *address, enc.ciphertext);
            if (!opened) return nack(opened.error().code + ": " + opened.error().message, true);
            plain = std::move(*opened);
        } else {
            continue;
        }
        auto unpadded = enc.version == 3 ? Result<std::vector<std::uint8_t>>(plain) : signal::unpad_message(plain);
        if (!unpadded) return nack(unpadded.error().message);
        auto message = message::decode_message(*unpadded);
        if (!message) return nack(message.error().message);
        if (message->sender_key) {
            auto processed = signal_->process_sender_key_distribution(group.to_string(), *address,
                                                                      message->sender_key->distribution);
            if (!processed) return nack(processed.error().message);
        }
        if (message->has_content) decoded = std::move(*message);
    }
    if (decoded) {
        MessageReceived received;
        received.id = delivered.id;
        received.chat = group.to_string();
        received.sender_device = sender.to_string();
        received.push_name = delivered.push_name;
        received.timestamp = delivered.timestamp;
        auto own = binary::parse_jid(device_.jid);
        auto own_lid = binary::parse_jid(device_.lid);
        received.from_me = (own && own->user == sender.user) || (own_lid && own_lid->user == sender.user);
        received.kind = message::content_kind(decoded->content);
        if (const auto* text = std::get_if<message::Text>(&decoded->content)) received.text = text->text;
        received.content = decoded->content;
        emit(received);
    }
    (void)message_log_->remember_received(dedup_chat, dedup_sender, delivered.id);
    receipt_to_server();
}

void WaClient::mark_read(std::string sender_device, std::vector<std::string> ids,
                         std::function<void(Status)> done) {
    asio::post(strand_, [self = shared_from_this(), sender_device = std::move(sender_device),
                         ids = std::move(ids), done = std::move(done)] {
        auto finish = [&](Status status) {
            if (done) done(std::move(status));
        };
        auto peer = binary::parse_jid(sender_device);
        if (!peer) return finish(peer.error());
        if (ids.empty()) return finish(Error{"no_ids", "mark_read needs at least one message id"});
        stanza::Receipt receipt;
        receipt.ids = ids;
        receipt.peer = *peer;
        receipt.type = stanza::ReceiptType::Read;
        receipt.timestamp = static_cast<std::int64_t>(noise::system_unix_time());
        finish(self->send_node(stanza::build_receipt(receipt, stanza::Direction::ToServer)));
    });
}

void WaClient::on_receipt(const binary::Node& node) {
    send_ack(node, "receipt");
    auto receipt = stanza::parse_receipt(node, stanza::Direction::FromServer);
    if (!receipt) {
        if (receipt.error().code == "bad_message_id") ++refused_message_ids_;
        return;
    }
    std::string type(stanza::receipt_type_name(receipt->type));
    if (receipt->type == stanza::ReceiptType::Other) type = receipt->raw_type;
    emit(ReceiptReceived{receipt->ids, receipt->peer.to_string(), type.empty() ? "delivered" : type});
    if (receipt->type == stanza::ReceiptType::Retry) on_retry_receipt(node);
}

void WaClient::on_ack(const binary::Node& node) {
    if (attr_string(node, "class") != "message") return;
    message_acks_.complete(attr_string(node, "id"), node);
}

}  // namespace wagw::wa::client
