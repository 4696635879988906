#include "tools/wasim/handlers/messages.hpp"

#include "backend/fs/contained_path.hpp"
#include "tools/wasim/handlers/delivery.hpp"
#include "tools/wasim/handlers/group_nodes.hpp"
#include "tools/wasim/handlers/groups.hpp"
#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {
namespace {

binary::Node message_ack(const std::string& id, const binary::Jid& chat, const std::string& error = {}) {
    binary::Node ack{"ack", {{"class", std::string("message")}, {"id", id}, {"t", unix_now_text()}, {"from", chat}}, {}};
    if (!error.empty()) ack.attrs.push_back({"error", error});
    return ack;
}

// The copy one device receives.
binary::Node copy_for_device(const Account& sender, std::uint16_t sender_device, const binary::Node& message,
                             const binary::Node& enc, const binary::Jid* own_chat) {
    binary::Node out{"message",
                     {{"from", lid_device_jid(sender.lid, sender_device)},
                      {"id", text(message, "id")},
                      {"t", unix_now_text()},
                      {"type", text(message, "type").empty() ? std::string("text") : text(message, "type")},
                      {"notify", sender.push_name},
                      {"sender_pn", pn_jid(sender.phone)},
                      {"addressing_mode", std::string("lid")}},
                     binary::Children{enc}};
    if (own_chat) out.attrs.push_back({"recipient", *own_chat});
    for (const char* passthrough : {"edit", "category"})
        if (const std::string* value = message.attr_text(passthrough)) out.attrs.push_back({passthrough, *value});
    // The sender's signed device identity lets recipients of a pkmsg check who it is.
    if (enc.attr_text("type") && *enc.attr_text("type") == "pkmsg")
        if (const binary::Node* identity = message.child("device-identity"))
            std::get<binary::Children>(out.content).push_back(*identity);
    return out;
}

}  // namespace

void handle_message(SimulatorContext& context, Session& session, const binary::Node& message) {
    const std::string id = text(message, "id");
    const binary::Jid* chat = message.attr_jid("to");
    if (!chat) return;
    // Recipients (the gateway among them) store and name things by message id; an id like "../x" must not
    // reach them. The sender learns at once, as from WhatsApp's server, instead of waiting for an ack.
    if (!fs::is_plain_file_name(id)) {
        context.stats.messages_refused_bad_id++;
        session.connection->send(message_ack(id, *chat, "400"));
        return;
    }
    Account* sender = context.accounts.find_by_phone(session.hello.phone);
    if (!sender) return;
    if (chat->server == binary::servers::kGroup) return route_group_message(context, session, message);
    if (chat->server != binary::servers::kUser && chat->server != binary::servers::kLid) {
        // Broadcasts and newsletters are not simulated yet: refuse cleanly so clients do not wait.
        session.connection->send(message_ack(id, *chat, "501"));
        return;
    }
    session.connection->send(message_ack(id, *chat));

    std::vector<std::pair<binary::Jid, const binary::Node*>> targets;
    if (const binary::Node* participants = message.child("participants"); participants && participants->children()) {
        for (const binary::Node& to : *participants->children())
            if (const binary::Jid* device = to.attr_jid("jid"); device && to.child("enc"))
                targets.emplace_back(*device, to.child("enc"));
    } else if (const binary::Node* enc = message.child("enc")) {
        targets.emplace_back(*chat, enc);  // addressed to one device directly (retries, peer messages)
    }
    for (const auto& [device_jid, enc] : targets) {
        Account* recipient = context.accounts.find_by_user(device_jid.user, device_jid.server);
        if (!recipient) continue;
        const std::uint16_t device = device_jid.device.value_or(0);
        const bool own = recipient == sender;
        if (own && device == session.hello.device) continue;
        deliver_to_device(context, *recipient, device,
                          copy_for_device(*sender, session.hello.device, message, *enc, own ? chat : nullptr));
        context.stats.messages_routed++;
    }
}

void handle_receipt(SimulatorContext& context, Session& session, const binary::Node& receipt) {
    const std::string id = text(receipt, "id");
    const binary::Jid* to = receipt.attr_jid("to");
    const std::string type = text(receipt, "type");
    if (id.empty() || !to) return;
    binary::Node ack{"ack", {{"class", std::string("receipt")}, {"id", id}, {"from", *to}}, {}};
    if (!type.empty()) ack.attrs.push_back({"type", type});
    session.connection->send(std::move(ack));

    // "sender" and "peer_msg" receipts concern the sender's own devices' bookkeeping; the peer never sees them.
    if (type == "sender" || type == "peer_msg") return;
    Account* sender = context.accounts.find_by_phone(session.hello.phone);
    if (!sender) return;
    if (to->server == binary::servers::kGroup) {
        // A group receipt goes to the devices of the message's sender (`participant`), naming the group.
        const binary::Jid* author = receipt.attr_jid("participant");
        Account* target = author ? context.accounts.find_by_user(author->user, author->server) : nullptr;
        const Group* group = context.groups.find(to->user);
        if (!target || !group) return;
        binary::Node routed{"receipt",
                            {{"from", *to},
                             {"participant", member_device_jid(*group, *sender, session.hello.device)},
                             {"id", id},
                             {"t", unix_now_text()}},
                            {}};
        if (!type.empty() && type != "inactive") routed.attrs.push_back({"type", type});
        if (const binary::Children* children = receipt.children()) routed.content = *children;
        for (const auto& [device_id, device] : target->companions)
            if (!device.removed && !(target == sender && device_id == session.hello.device))
                deliver_to_device(context, *target, device_id, routed);
        return;
    }
    Account* target = context.accounts.find_by_user(to->user, to->server);
    if (!target) return;
    // The target sees the receipt as coming from the device that read/received, in the PN form it addressed.
    binary::Node routed{"receipt",
                        {{"from", pn_device_jid(sender->phone, session.hello.device)}, {"id", id}, {"t", unix_now_text()}},
                        {}};
    // A device that is not marked online acknowledges with "inactive"; the sender still sees a delivery.
    if (!type.empty() && type != "inactive") routed.attrs.push_back({"type", type});
    if (const binary::Children* children = receipt.children()) routed.content = *children;
    if (target == sender) {
        // Own-device receipts (read-self, sender): to the account's other devices, naming the chat.
        if (const binary::Jid* recipient = receipt.attr_jid("recipient")) routed.attrs.push_back({"recipient", *recipient});
    }
    for (const auto& [device_id, device] : target->companions) {
        if (device.removed || (target == sender && device_id == session.hello.device)) continue;
        deliver_to_device(context, *target, device_id, routed);
    }
}

}  // namespace wagw::wasim
