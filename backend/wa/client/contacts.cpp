// Is-on-WhatsApp (protocol notes §7.2): a usync "contact" query by phone number; the server answers each number
// with its user JID and type "in" (registered) or "out".
#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace wagw::wa::client {

void WaClient::is_on_whatsapp(std::vector<std::string> phones,
                              std::function<void(Result<std::vector<OnWhatsApp>>)> done) {
    if (phones.empty()) return done(std::vector<OnWhatsApp>{});
    binary::Children list;
    for (std::string phone : phones) {
        if (phone.empty() || phone.front() != '+') phone.insert(phone.begin(), '+');
        list.push_back(binary::Node{
            "user", {}, binary::Children{binary::Node{"contact", {}, binary::Bytes(phone.begin(), phone.end())}}});
    }
    binary::Node query{"query", {}, binary::Children{binary::Node{"contact", {}, {}}}};
    binary::Node usync{"usync",
                       {text_attr("sid", iqs_.next_id()), text_attr("mode", "query"),
                        text_attr("context", "interactive"), text_attr("last", "true"), text_attr("index", "0")},
                       binary::Children{query, binary::Node{"list", {}, std::move(list)}}};
    binary::Node iq{"iq",
                    {jid_attr("to", server_jid()), text_attr("type", "get"), text_attr("xmlns", "usync")},
                    binary::Children{usync}};
    send_iq(iq, [self = shared_from_this(), done = std::move(done)](Result<binary::Node> reply) {
        if (!reply) return done(reply.error());
        const binary::Node* answer = reply->child("usync");
        const binary::Node* users = answer ? answer->child("list") : nullptr;
        if (users == nullptr || users->children() == nullptr)
            return done(Error{"bad_usync_reply", "the usync reply has no <list>"});
        std::vector<OnWhatsApp> found;
        for (const binary::Node& user : *users->children()) {
            const binary::Jid* jid = user.attr_jid("jid");
            const binary::Node* contact = user.child("contact");
            if (user.tag != "user" || jid == nullptr || contact == nullptr) continue;
            found.push_back(OnWhatsApp{jid->user, jid->without_device().to_string(),
                                       attr_string(*contact, "type") == "in", self->push_name_of(jid->user)});
        }
        done(std::move(found));
    });
}

}  // namespace wagw::wa::client
