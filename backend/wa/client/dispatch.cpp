// Routes every stanza from the server to the feature that handles it.
#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace wagw::wa::client {

void WaClient::dispatch(const binary::Node& node) {
    if (node.tag == "iq") {
        if (iqs_.resolve(node)) return;
        on_server_iq(node);
    } else if (node.tag == "success") {
        on_login_success(node);
    } else if (node.tag == "failure") {
        end_connection(reason_from_failure(node));
    } else if (node.tag == "stream:error") {
        end_connection(reason_from_stream_error(node));
    } else if (node.tag == "xmlstreamend") {
        end_connection(DisconnectReason{DisconnectKind::server_closed, "", "the server ended the stream"});
    } else if (node.tag == "ib") {
        on_ib(node);
    } else if (node.tag == "notification") {
        on_notification(node);
    } else if (node.tag == "receipt") {
        on_receipt(node);
    } else if (node.tag == "message") {
        on_message(node);
    } else if (node.tag == "ack") {
        on_ack(node);
    } else if (node.tag == "presence") {
        on_presence(node);
    } else if (node.tag == "chatstate") {
        on_chat_state(node);
    }
}

void WaClient::on_server_iq(const binary::Node& iq) {
    const std::string type = attr_string(iq, "type");
    const binary::Children* children = iq.children();
    if (type == "set" && children && children->size() == 1) {
        const binary::Node& child = children->front();
        // Pairing stanzas count only from the server itself (whatsmeow's rule).
        bool from_server = attr_string(iq, "from") == "s.whatsapp.net";
        if (child.tag == "pair-device" && from_server) return on_pair_device(iq, child);
        if (child.tag == "pair-success" && from_server) return on_pair_success(iq, child);
    }
    // The server may ping us (whatsmeow answers these); an empty result says we are alive.
    if (type == "get" && attr_string(iq, "xmlns") == "urn:xmpp:ping") return reply_iq_result(iq);
    if (type == "get" || type == "set") reply_iq_error(iq, "501", "feature-not-implemented");
}

void WaClient::on_ib(const binary::Node& ib) {
    const binary::Children* children = ib.children();
    if (!children) return;
    for (const binary::Node& child : *children) {
        if (child.tag == "offline") {
            emit(OfflineSyncCompleted{attr_int(child, "count").value_or(0)});
        } else if (child.tag == "offline_preview") {
            // Ask for the queued stanzas in batches, as Baileys does.
            binary::Node batch{"offline_batch", {text_attr("count", "100")}, {}};
            (void)send_node(binary::Node{"ib", {}, binary::Children{batch}});
        } else if (child.tag == "edge_routing") {
            // Sent before the connection header next time: the server routes us to the same edge.
            if (const binary::Node* routing = child.child("routing_info"))
                routing_info_ = content_bytes(*routing);
        }
    }
}

void WaClient::on_notification(const binary::Node& notification) {
    send_ack(notification, "notification");
    if (attr_string(notification, "type") == "w:gp2") return on_group_notification(notification);
    if (attr_string(notification, "type") == "link_code_companion_reg") return on_link_code_notification(notification);
    if (attr_string(notification, "type") == "devices") return on_devices_notification(notification);
    if (attr_string(notification, "type") == "encrypt" &&
        attr_string(notification, "from") == "s.whatsapp.net") {
        if (const binary::Node* count = notification.child("count")) {
            auto value = attr_int(*count, "value");
            if (value && *value < static_cast<int>(options_.min_pre_keys))
                upload_pre_keys(options_.top_up_pre_keys, [] {});
        }
    }
}

void WaClient::send_ack(const binary::Node& stanza, const std::string& ack_class, const std::string& error) {
    std::vector<binary::Attribute> attrs{text_attr("id", attr_string(stanza, "id")),
                                         text_attr("class", ack_class)};
    if (const binary::Jid* from = stanza.attr_jid("from")) attrs.push_back(jid_attr("to", *from));
    if (const binary::Jid* participant = stanza.attr_jid("participant"))
        attrs.push_back(jid_attr("participant", *participant));
    std::string type = attr_string(stanza, "type");
    if (!type.empty() && ack_class != "receipt") attrs.push_back(text_attr("type", type));
    if (!error.empty()) attrs.push_back(text_attr("error", error));
    (void)send_node(binary::Node{"ack", std::move(attrs), {}});
}

}  // namespace wagw::wa::client
