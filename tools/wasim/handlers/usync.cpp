#include "tools/wasim/handlers/usync.hpp"

#include <algorithm>

#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {
namespace {

std::string digits_of(const binary::Node* contact) {
    if (!contact) return {};
    std::string raw;
    if (const binary::Bytes* bytes = contact->bytes()) raw.assign(bytes->begin(), bytes->end());
    else if (const std::string* text = std::get_if<std::string>(&contact->content)) raw = *text;
    std::string digits;
    std::copy_if(raw.begin(), raw.end(), std::back_inserter(digits), [](char c) { return c >= '0' && c <= '9'; });
    return digits;
}

binary::Node devices_node(const Account& account) {
    binary::Children devices{{"device", {{"id", std::string("0")}}, {}}};
    for (const auto& [id, device] : account.companions)
        if (!device.removed)
            devices.push_back({"device", {{"id", std::to_string(id)}, {"key-index", std::to_string(device.key_index)}}, {}});
    return {"devices", {}, binary::Children{{"device-list", {}, std::move(devices)}}};
}

binary::Node answer_user(SimulatorContext& context, const binary::Node& user, const std::vector<std::string>& protocols) {
    binary::Jid jid;
    Account* account = nullptr;
    if (const binary::Jid* asked = user.attr_jid("jid")) {
        jid = *asked;
        account = context.accounts.find_by_user(asked->user, asked->server);
    } else {
        // An is-on-WhatsApp query by phone number: answer with the PN JID.
        const std::string digits = digits_of(user.child("contact"));
        jid = pn_jid(digits);
        account = context.accounts.find_by_phone(digits);
    }
    binary::Children answers;
    for (const std::string& protocol : protocols) {
        if (protocol == "devices" && account) answers.push_back(devices_node(*account));
        else if (protocol == "lid" && account) answers.push_back({"lid", {{"val", lid_jid(account->lid)}}, {}});
        else if (protocol == "contact")
            answers.push_back({"contact", {{"type", std::string(account ? "in" : "out")}}, {}});
    }
    return {"user", {{"jid", jid}}, std::move(answers)};
}

}  // namespace

void handle_usync_iq(SimulatorContext& context, Session& session, const binary::Node& iq) {
    const std::string id = text(iq, "id");
    const binary::Node* usync = iq.child("usync");
    const binary::Node* query = usync ? usync->child("query") : nullptr;
    const binary::Node* list = usync ? usync->child("list") : nullptr;
    if (!query || !query->children()) return session.connection->send(iq_error(id, 400, "bad-request"));
    std::vector<std::string> protocols;
    for (const binary::Node& protocol : *query->children()) protocols.push_back(protocol.tag);
    binary::Children users;
    if (list && list->children())
        for (const binary::Node& user : *list->children())
            if (user.tag == "user") users.push_back(answer_user(context, user, protocols));
    binary::Node reply_usync{"usync", usync->attrs, binary::Children{{"list", {}, std::move(users)}}};
    session.connection->send(iq_result(id, {std::move(reply_usync)}));
}

}  // namespace wagw::wasim
