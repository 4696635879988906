// Presence (available/unavailable, sent with our push name) and chat states (typing, recording, paused) to one
// chat. Fire-and-forget stanzas: the server answers neither.
#include <asio/post.hpp>

#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/stanza/presence_stanza.hpp"

namespace wagw::wa::client {

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
        std::string text = to;
        if (text.find('@') == std::string::npos) text = (text.rfind('+', 0) == 0 ? text.substr(1) : text) + "@s.whatsapp.net";
        auto chat = binary::parse_jid(text);
        if (!chat) return finish(chat.error());
        finish(self->send_node(stanza::build_chat_state(stanza::ChatState{*chat, std::nullopt, activity},
                                                        stanza::Direction::ToServer)));
    });
}

}  // namespace wagw::wa::client
