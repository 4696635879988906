// Request/response over <iq>: ids, one timer for all deadlines, and replies to the server's own requests.
#include <asio/post.hpp>

#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace wagw::wa::client {

void WaClient::send_iq(binary::Node iq, IqCallback done) {
    asio::post(strand_, [self = shared_from_this(), iq = std::move(iq), done = std::move(done)]() mutable {
        std::string id = self->iqs_.next_id();
        iq.attrs.insert(iq.attrs.begin(), text_attr("id", id));
        if (auto sent = self->send_node(iq); !sent) {
            done(sent.error());
            return;
        }
        self->iqs_.expect(id, IqClock::now() + self->options_.iq_timeout, std::move(done));
        self->arm_iq_timer();
    });
}

void WaClient::arm_iq_timer() {
    auto deadline = std::min(iqs_.next_deadline(), message_acks_.next_deadline());
    if (deadline == IqClock::time_point::max()) return;
    iq_timer_.expires_at(deadline);
    iq_timer_.async_wait([self = shared_from_this(), generation = generation_](const std::error_code& ec) {
        if (ec || generation != self->generation_) return;
        self->iqs_.expire(IqClock::now());
        self->message_acks_.expire(IqClock::now());
        self->arm_iq_timer();
    });
}

void WaClient::reply_iq_result(const binary::Node& request, binary::Children content) {
    binary::Node reply{"iq",
                       {jid_attr("to", server_jid()), text_attr("type", "result"),
                        text_attr("id", attr_string(request, "id"))},
                       {}};
    if (!content.empty()) reply.content = std::move(content);
    (void)send_node(reply);
}

void WaClient::reply_iq_error(const binary::Node& request, const std::string& code, const std::string& text) {
    binary::Node error{"error", {text_attr("code", code), text_attr("text", text)}, {}};
    binary::Node reply{"iq",
                       {jid_attr("to", server_jid()), text_attr("type", "error"),
                        text_attr("id", attr_string(request, "id"))},
                       binary::Children{error}};
    (void)send_node(reply);
}

}  // namespace wagw::wa::client
