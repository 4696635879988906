// After <success> (protocol notes §6): pre-key count and upload, then passive -> active, then Connected.
#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace wagw::wa::client {

void WaClient::on_login_success(const binary::Node& success) {
    if (!device_.linked()) return;  // whatsmeow's rule: a <success> means nothing before we are paired
    logged_in_ = true;
    // Devices notifications that came while we were away may be lost (a server keeps them only so long), so lists
    // are asked for again after each login.
    device_cache_.clear();
    if (const binary::Jid* lid = success.attr_jid("lid"); lid && device_.lid.empty()) {
        device_.lid = lid->to_string();
        (void)devices_->save_link(device_);
    }
    arm_keepalive();
    check_pre_keys(
        [self = shared_from_this()] { self->rotate_signed_pre_key_if_old([self] { self->set_active(); }); });
}

void WaClient::set_active() {
    binary::Node active{
        "iq",
        {jid_attr("to", server_jid()), text_attr("type", "set"), text_attr("xmlns", "passive")},
        binary::Children{binary::Node{"active", {}, {}}}};
    std::uint64_t generation = generation_;
    send_iq(active, [self = shared_from_this(), generation](Result<binary::Node> reply) {
        if (generation != self->generation_) return;
        if (!reply && reply.error().code == "iq_timeout") {
            // A server that cannot answer <active/> will not deliver anything either: start over.
            return self->end_connection(DisconnectReason{DisconnectKind::connection_lost, "active",
                                                         "the server did not answer <active/> in time"});
        }
        if (!reply && reply.error().code != "iq_error")
            return;  // the connection dropped: the reconnect starts over
        self->backoff_.reset();
        self->emit(Connected{self->device_.jid, self->device_.lid});
        self->resume_sends();
    });
}

}  // namespace wagw::wa::client
