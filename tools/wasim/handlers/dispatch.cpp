#include "tools/wasim/handlers/dispatch.hpp"

#include "tools/wasim/handlers/account_iqs.hpp"
#include "tools/wasim/handlers/app_state.hpp"
#include "tools/wasim/handlers/delivery.hpp"
#include "tools/wasim/handlers/devices.hpp"
#include "tools/wasim/handlers/groups.hpp"
#include "tools/wasim/handlers/link_code.hpp"
#include "tools/wasim/handlers/login.hpp"
#include "tools/wasim/handlers/messages.hpp"
#include "tools/wasim/handlers/pairing.hpp"
#include "tools/wasim/handlers/prekeys.hpp"
#include "tools/wasim/handlers/push_name.hpp"
#include "tools/wasim/handlers/presence.hpp"
#include "tools/wasim/handlers/stanzas.hpp"
#include "tools/wasim/handlers/usync.hpp"

namespace wagw::wasim {
namespace {

void dispatch_iq(SimulatorContext& context, Session& session, const binary::Node& iq) {
    const std::string type = text(iq, "type");
    const std::string id = text(iq, "id");
    if (type == "result" || type == "error") {
        // Answers to our own iqs; only pair-device-sign carries anything we act on.
        if (iq.child("pair-device-sign")) handle_pair_device_sign(context, session, iq);
        return;
    }
    if (id.empty()) return;
    if (!session.logged_in) {
        // A registering client has nothing to ask besides keepalives and link-code pairing until it is paired.
        if (text(iq, "xmlns") == "md" && iq.child("link_code_companion_reg")) handle_link_code_iq(context, session, iq);
        else if (text(iq, "xmlns") == "w:p") session.connection->send(iq_result(id));
        else session.connection->send(iq_error(id, 401, "not-authorized"));
        return;
    }
    const std::string xmlns = text(iq, "xmlns");
    if (xmlns == "encrypt") return handle_encrypt_iq(context, session, iq);
    if (xmlns == "usync") return handle_usync_iq(context, session, iq);
    if (xmlns == "md") return handle_md_iq(context, session, iq);
    if (xmlns == "w:g2") return handle_group_iq(context, session, iq);
    if (xmlns == "w:sync:app:state") return handle_app_state_iq(context, session, iq);
    if (handle_account_iq(context, session, iq)) return;
    session.connection->send(iq_error(id, 501, "feature-not-implemented"));
}

// A receipt confirms the messages it names; an <ack> confirms the receipt or notification of its class.
void acknowledge_delivery(Session& session, const binary::Node& node) {
    if (node.tag == "ack") {
        session.unacked.acknowledged(text(node, "class"), text(node, "id"));
    } else if (node.tag == "receipt") {
        session.unacked.acknowledged("message", text(node, "id"));
        if (const binary::Node* list = node.child("list"); list && list->children())
            for (const binary::Node& item : *list->children())
                if (item.tag == "item") session.unacked.acknowledged("message", text(item, "id"));
    }
}

}  // namespace

void dispatch_hello(SimulatorContext& context, std::shared_ptr<ClientConnection> connection, ClientHello hello) {
    Session& session = context.sessions.add(std::move(connection), std::move(hello));
    if (session.hello.is_registration()) start_registration(context, session);
    else handle_login(context, session);
}

void dispatch_stanza(SimulatorContext& context, std::uint64_t connection_id, const binary::Node& node) {
    Session* session = context.sessions.find(connection_id);
    if (!session) return;
    if (node.tag == "iq") return dispatch_iq(context, *session, node);
    if (!session->logged_in) return;
    acknowledge_delivery(*session, node);
    if (node.tag == "message") return handle_message(context, *session, node);
    if (node.tag == "receipt") return handle_receipt(context, *session, node);
    if (node.tag == "presence") record_push_name(context, *session, node);
    if (node.tag == "presence") return handle_presence(context, *session, node);
    if (node.tag == "chatstate") return handle_chat_state(context, *session, node);
    // <ack> (for what we delivered), <ib>: accepted without an answer.
}

void dispatch_closed(SimulatorContext& context, std::uint64_t connection_id) {
    Session* session = context.sessions.find(connection_id);
    if (!session) return;
    std::vector<binary::Node> unacknowledged;
    if (session->logged_in) unacknowledged = session->unacked.take();
    const std::string phone = session->hello.phone;
    const std::uint16_t device = session->hello.device;
    // Unbound first, so the redelivery cannot pick this closing connection again.
    context.sessions.remove(connection_id);
    redeliver_unacknowledged(context, phone, device, std::move(unacknowledged));
}

}  // namespace wagw::wasim
