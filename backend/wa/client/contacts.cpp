// Is-on-WhatsApp (protocol notes §7.2): a usync "contact" query by phone number; the server answers each
// number with its user JID and type "in" (registered) or "out".
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
            "user",
            {},
            binary::Children{binary::Node{"contact", {}, binary::Bytes(phone.begin(), phone.end())}}});
    }
    send_usync("interactive", binary::Children{binary::Node{"contact", {}, {}}}, std::move(list),
               [self = shared_from_this(), done = std::move(done)](Result<std::vector<binary::Node>> users) {
                   if (!users) return done(users.error());
                   std::vector<OnWhatsApp> found;
                   for (const binary::Node& user : *users) {
                       const binary::Jid* jid = user.attr_jid("jid");
                       const binary::Node* contact = user.child("contact");
                       if (user.tag != "user" || jid == nullptr || contact == nullptr) continue;
                       found.push_back(OnWhatsApp{jid->user, jid->without_device().to_string(),
                                                  attr_string(*contact, "type") == "in",
                                                  self->push_name_of(jid->user)});
                   }
                   done(std::move(found));
               });
}

}  // namespace wagw::wa::client
