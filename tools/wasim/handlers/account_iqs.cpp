#include "tools/wasim/handlers/account_iqs.hpp"

#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {

bool handle_account_iq(SimulatorContext& context, Session& session, const binary::Node& iq) {
    const std::string id = text(iq, "id");
    const std::string xmlns = text(iq, "xmlns");
    const std::string type = text(iq, "type");
    auto reply = [&](binary::Children children = {}) { session.connection->send(iq_result(id, std::move(children))); };

    if (xmlns == "w:p") return reply(), true;  // keepalive: Baileys drops the socket after 35 s of silence
    if (xmlns == "passive") {
        session.active = iq.child("active") != nullptr;
        return reply(), true;
    }
    if (xmlns == "abt" || xmlns == "w") {
        // AB-test and server props: an empty, versioned set.
        const binary::Node* props = iq.child("props");
        std::string protocol = props ? text(*props, "protocol") : "";
        binary::Node answer{"props", {{"hash", std::string("wasim-1")}}, binary::Children{}};
        if (!protocol.empty()) answer.attrs.insert(answer.attrs.begin(), {"protocol", protocol});
        return reply({std::move(answer)}), true;
    }
    if (xmlns == "w:m" && iq.child("media_conn")) {
        // whatsmeow requires all four attributes; the one host is this simulator's own port.
        return reply({{"media_conn",
                       {{"auth", context.media_auth},
                        {"ttl", std::string("3600")},
                        {"auth_ttl", std::string("21600")},
                        {"max_buckets", std::string("12")}},
                       binary::Children{{"host", {{"hostname", context.media_host}}, {}}}}}),
               true;
    }
    if (xmlns == "blocklist") return type == "get" ? reply({{"list", {}, binary::Children{}}}) : reply(), true;
    if (xmlns == "privacy") {
        if (type == "get" && iq.child("privacy")) {
            binary::Children categories;
            for (const char* name : {"last", "online", "profile", "status", "groupadd", "readreceipts", "calladd"})
                categories.push_back({"category",
                                      {{"name", std::string(name)},
                                       {"value", std::string(std::string_view(name) == "readreceipts" ? "all" : "all")}},
                                      {}});
            return reply({{"privacy", {}, std::move(categories)}}), true;
        }
        return reply(), true;  // tokens (trusted_contact) and privacy changes are accepted
    }
    if (xmlns == "urn:xmpp:whatsapp:dirty" || xmlns == "urn:xmpp:whatsapp:push" || xmlns == "status" ||
        xmlns == "w:profile:picture" || xmlns == "disappearing_mode" || xmlns == "fb:thrift_iq")
        return reply(), true;
    return false;
}

}  // namespace wagw::wasim
