#include "tools/wasim/handlers/pairing.hpp"

#include <ctime>
#include <iostream>

#include "backend/wa/pairing/adv_identity.hpp"
#include "backend/wa/pairing/qr_code.hpp"
#include "tools/wasim/handlers/devices.hpp"
#include "tools/wasim/handlers/stanzas.hpp"
#include "tools/wasim/phone/companion_welcome.hpp"
#include "tools/wasim/phone/virtual_phone.hpp"

namespace wagw::wasim {
namespace {

std::uint64_t unix_now() { return static_cast<std::uint64_t>(std::time(nullptr)); }

Result<std::pair<Session*, wa::pairing::QrCode>> resolve_qr(SimulatorContext& context, const std::string& qr_text) {
    auto qr = wa::pairing::parse_qr_code(qr_text);
    if (!qr) return qr.error();
    Session* session = context.sessions.session_for_ref(qr->ref);
    if (!session || !session->refs || !session->refs->accept(qr->ref, PairingRefs::Clock::now()))
        return Error{"unknown_ref", "no connected client is showing this QR code (unknown or expired ref)"};
    if (qr->noise_public != session->hello.noise_public || !session->hello.registration ||
        qr->identity_public != session->hello.registration->identity)
        return Error{"qr_mismatch", "the QR keys differ from the keys its client registered with"};
    if (session->pending_pairing) return Error{"busy", "this client is already being paired"};
    return std::pair{session, *qr};
}

}  // namespace

void start_registration(SimulatorContext& context, Session& session) {
    context.sessions.bind_refs(session, PairingRefs::issue(PairingRefs::Clock::now()));
    binary::Children refs;
    for (const auto& ref : session.refs->refs()) refs.push_back(bytes_node("ref", binary::Bytes(ref.begin(), ref.end())));
    session.connection->send({"iq",
                              {{"from", server_jid()},
                               {"id", session.next_iq_id()},
                               {"type", std::string("set")},
                               {"xmlns", std::string("md")}},
                              binary::Children{{"pair-device", {}, std::move(refs)}}});
}

Result<Session*> registering_session_for_qr(SimulatorContext& context, const std::string& qr_text) {
    auto resolved = resolve_qr(context, qr_text);
    if (!resolved) return resolved.error();
    return resolved->first;
}

Result<ScanOutcome> scan_qr(SimulatorContext& context, Account& account, const std::string& qr_text) {
    auto resolved = resolve_qr(context, qr_text);
    if (!resolved) return resolved.error();
    auto [session, qr] = *resolved;
    return send_pair_success(context, *session, account, qr.adv_secret, qr.platform);
}

Result<ScanOutcome> send_pair_success(SimulatorContext& context, Session& session, Account& account,
                                      const wa::pairing::AdvSecret& adv_secret, const std::string& platform) {
    if (!session.hello.registration) return Error{"not_registering", "this client is not registering"};
    if (session.pending_pairing) return Error{"busy", "this client is already being paired"};
    wa::pairing::QrCode companion;
    companion.noise_public = session.hello.noise_public;
    companion.identity_public = session.hello.registration->identity;
    companion.adv_secret = adv_secret;
    auto approval = approve_companion(account, companion, unix_now());
    if (!approval) return approval.error();
    context.account_changed(account);  // the device id is spent even if the companion never answers

    PendingPairing pending{account.phone, approval->device, approval->key_index, session.next_iq_id(), platform};
    session.connection->send(
        {"iq",
         {{"from", server_jid()}, {"id", pending.iq_id}, {"type", std::string("set")}, {"t", unix_now_text()}},
         binary::Children{{"pair-success",
                           {},
                           binary::Children{
                               {"device-identity", {{"key-index", std::to_string(approval->key_index)}},
                                std::move(approval->device_identity)},
                               {"platform", {{"name", std::string("android")}}, {}},
                               {"device",
                                {{"jid", pn_device_jid(account.phone, approval->device)},
                                 {"lid", lid_device_jid(account.lid, approval->device)}},
                                {}},
                           }}}});
    session.pending_pairing = pending;
    return ScanOutcome{account.phone, approval->device};
}

void handle_pair_device_sign(SimulatorContext& context, Session& session, const binary::Node& iq) {
    auto refuse = [&](const std::string& why) {
        std::cerr << "wasim: pairing refused: " << why << std::endl;
        session.connection->close_with(stream_error(401));
    };
    if (!session.pending_pairing || text(iq, "id") != session.pending_pairing->iq_id)
        return refuse("pair-device-sign without a pair-success");
    const PendingPairing pending = *session.pending_pairing;
    session.pending_pairing.reset();
    Account* account = context.accounts.find_by_phone(pending.phone);
    if (!account) return refuse("account vanished");
    const binary::Node* sign = iq.child("pair-device-sign");
    const binary::Node* identity = sign ? sign->child("device-identity") : nullptr;
    if (!identity || !identity->bytes()) return refuse("pair-device-sign without device-identity bytes");
    auto verified = wa::pairing::verify_device_signature(*identity->bytes(), account->phone_identity.public_key,
                                                         session.hello.registration->identity);
    if (!verified) return refuse(verified.error().code + ": " + verified.error().message);
    if (verified->details.key_index != pending.key_index) return refuse("key index differs from pair-success");

    CompanionDevice device;
    device.id = pending.device;
    device.key_index = pending.key_index;
    device.noise_public = session.hello.noise_public;
    device.keys = *session.hello.registration;
    device.platform = pending.platform;
    device.linked_at = unix_now();
    account->companions[device.id] = std::move(device);
    context.stats.pairings++;
    context.account_changed(*account);
    notify_device_change(context, *account, pending.device, true);
    // Like a real phone, share the app-state key and announce history; queued until the device's first login.
    if (auto welcomed = phone_welcome_companion(context, *account, pending.device); !welcomed)
        std::cerr << "wasim: phone " << account->phone << " cannot welcome device " << pending.device << ": "
                  << welcomed.error().message << std::endl;
    // The companion must reconnect and log in as the new device.
    session.connection->close_with(stream_error(515));
}

}  // namespace wagw::wasim
