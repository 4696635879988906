// Keepalive (protocol notes §6 step 9): a w:p ping every 20-30 s; when several in a row go unanswered (and
// nothing else arrived either) the connection is dead even if TCP has not noticed, so we replace it.
#include <random>

#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace wagw::wa::client {

void WaClient::arm_keepalive() {
    auto low = options_.keepalive_min.count();
    auto high = std::max(options_.keepalive_max.count(), low);
    std::uniform_int_distribution<std::int64_t> pick(low, high);
    keepalive_timer_.expires_after(std::chrono::milliseconds(pick(random_)));
    keepalive_timer_.async_wait(
        [self = shared_from_this(), generation = generation_](const std::error_code& ec) {
            if (ec || generation != self->generation_) return;
            self->send_keepalive();
        });
}

void WaClient::send_keepalive() {
    binary::Node ping{"iq",
                      {jid_attr("to", server_jid()), text_attr("type", "get"), text_attr("xmlns", "w:p")},
                      binary::Children{binary::Node{"ping", {}, {}}}};
    std::uint64_t generation = generation_;
    send_iq(ping, [self = shared_from_this(), generation](Result<binary::Node> reply) {
        if (generation != self->generation_) return;
        if (reply || reply.error().code == "iq_error") {
            self->missed_pings_ = 0;
        } else if (++self->missed_pings_ >= self->options_.max_missed_pings) {
            self->end_connection(DisconnectReason{DisconnectKind::connection_lost, "keepalive",
                                                  "no answer to " + std::to_string(self->missed_pings_) +
                                                      " keepalive pings: the connection is dead"});
            return;
        }
        self->arm_keepalive();
    });
}

}  // namespace wagw::wa::client
