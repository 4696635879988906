// Leaving the account (protocol notes §10): on request we tell the server to remove this companion; when
// the phone or the server unlinks us we learn it from a stream error or a failed login. Either way the
// credentials are wiped, a fresh unlinked device takes their place, and the owner gets LoggedOut.
#include <asio/post.hpp>

#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"

namespace wagw::wa::client {

void WaClient::logout(std::function<void(Status)> done) {
    asio::post(strand_, [self = shared_from_this(), done = std::move(done)]() mutable {
        auto finish = [self, done](Status told_server) {
            self->running_ = false;
            self->reconnect_timer_.cancel();
            DisconnectReason reason{DisconnectKind::user_request, "", "logged out on request"};
            if (self->phase_ != Phase::idle) self->end_connection(reason);
            // The server may have unlinked us (stream error 401) before its iq reply arrived: then the wipe
            // and the LoggedOut event already happened, and the logout did succeed.
            if (self->device_.linked()) {
                self->finish_logout(reason);
            } else if (!told_server && told_server.error().code == "disconnected") {
                told_server = ok_status();
            }
            if (done) done(told_server);
        };
        if (!self->logged_in_ || !self->device_.linked()) {
            finish(
                Error{"not_connected", "not logged in: the server was not told; credentials wiped locally"});
            return;
        }
        auto own = binary::parse_jid(self->device_.jid);
        if (!own) {
            finish(own.error());
            return;
        }
        binary::Node remove{
            "remove-companion-device", {jid_attr("jid", *own), text_attr("reason", "user_initiated")}, {}};
        binary::Node iq{"iq",
                        {jid_attr("to", server_jid()), text_attr("type", "set"), text_attr("xmlns", "md")},
                        binary::Children{remove}};
        self->send_iq(iq, [finish](Result<binary::Node> reply) {
            finish(reply ? ok_status() : Status(reply.error()));
        });
    });
}

void WaClient::finish_logout(DisconnectReason reason) {
    running_ = false;
    reconnect_timer_.cancel();
    if (auto wiped = devices_->wipe(options_.account); !wiped) {
        reason.message += " (wiping the credentials failed: " + wiped.error().message + ")";
    }
    (void)message_log_->wipe();
    (void)sender_keys_sent_->wipe();
    device_cache_.clear();
    fail_sends(Error{"logged_out", "the link is gone: " + reason.message});
    (void)load_device();  // a fresh unlinked device, so start() would show a QR again
    emit(LoggedOut{std::move(reason)});
}

}  // namespace wagw::wa::client
