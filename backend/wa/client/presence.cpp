// Presence (available/unavailable, sent with our push name) and chat states (typing, recording, paused) to one
// chat; subscribing to a contact's presence; and the presence and chat states the server delivers, as events.
// Fire-and-forget stanzas: the server answers none of them.
#include <asio/post.hpp>

#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/stanza/presence_stanza.hpp"

namespace wagw::wa::client {
namespace {

// A phone number, "+digits" or a JID.
Result<binary::Jid> chat_jid(const std::string& to) {
    std::string text = to;
    if (text.find('@') == std::string::npos) text = (text.rfind('+', 0) == 0 ? text.substr(1) : text) + "@s.whatsapp.net";
    return binary::parse_jid(text);
}

}  // namespace

void WaClient::set_presence(stanza::Availability availability, std::function<void(Status)> done) {
    asio::post(strand_, [self = shared_from_this(), availability, done = std::move(done)] {
        stanza::Presence presence;
        presence.availability = availability;
        presence.push_name = self->device_.push_name;
        Status sent = self->logged_in_ ? self->send_node(stanza::build_presence(presence))
                                       : Status(Error{"not_connected", "not logged in"});
        if (done) done(std::move(sent));
    });
}

void WaClient::send_chat_state(std::string to, stanza::ChatActivity activity, std::function<void(Status)> done) {
    asio::post(strand_, [self = shared_from_this(), to = std::move(to), activity, done = std::move(done)] {
        auto finish = [&](Status status) {
            if (done) done(std::move(status));
        };
        if (!self->logged_in_) return finish(Error{"not_connected", "not logged in"});
        auto chat = chat_jid(to);
        if (!chat) return finish(chat.error());
        finish(self->send_node(stanza::build_chat_state(stanza::ChatState{*chat, std::nullopt, activity},
                                                        stanza::Direction::ToServer)));
    });
}

void WaClient::subscribe_presence(std::string to, std::function<void(Status)> done) {
    asio::post(strand_, [self = shared_from_this(), to = std::move(to), done = std::move(done)] {
        auto finish = [&](Status status) {
            if (done) done(std::move(status));
        };
        if (!self->logged_in_) return finish(Error{"not_connected", "not logged in"});
        auto jid = chat_jid(to);
        if (!jid) return finish(jid.error());
        finish(self->send_node(binary::Node{
            "presence", {{"type", std::string("subscribe")}, {"to", jid->without_device()}}, {}}));
    });
}

void WaClient::on_presence(const binary::Node& node) {
    auto presence = stanza::parse_presence(node);
    if (!presence || !presence->from) return;
    emit(PresenceChanged{presence->from->without_device().to_string(),
                         presence->availability == stanza::Availability::Available, presence->last_seen});
}

void WaClient::on_chat_state(const binary::Node& node) {
    auto state = stanza::parse_chat_state(node, stanza::Direction::FromServer);
    if (!state) return;
    const binary::Jid sender = state->participant.value_or(state->chat).without_device();
    const char* name = state->activity == stanza::ChatActivity::Paused      ? "paused"
                       : state->activity == stanza::ChatActivity::Recording ? "recording"
                                                                            : "composing";
    emit(ChatStateChanged{state->chat.without_device().to_string(), sender.to_string(), name});
}

}  // namespace wagw::wa::client
