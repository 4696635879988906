// QR pairing (protocol notes §5.1): show a QR per pair-device ref until the phone scans one, then verify
// pair-success (HMAC with our ADV secret, the phone's account signature), countersign it with our identity
// key, store the link and answer pair-device-sign. The server then asks for a restart (515) and we log in.
#include <algorithm>

#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/qr_code.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/pairing/adv_identity.hpp"

namespace wagw::wa::client {

void WaClient::on_pair_device(const binary::Node& iq, const binary::Node& pair_device) {
    reply_iq_result(iq);
    if (!options_.link_code_phone.empty()) return start_link_code();
    qr_refs_.clear();
    if (const binary::Children* refs = pair_device.children()) {
        for (const binary::Node& ref : *refs) {
            if (ref.tag != "ref") continue;
            binary::Bytes bytes = content_bytes(ref);
            qr_refs_.emplace_back(bytes.begin(), bytes.end());
        }
    }
    qr_index_ = 0;
    show_next_qr();
}

void WaClient::show_next_qr() {
    if (qr_index_ >= static_cast<int>(qr_refs_.size())) {
        emit(QrTimeout{});
        end_connection(DisconnectReason{DisconnectKind::qr_timeout, "", "no QR code was scanned in time"});
        return;
    }
    pairing::AdvSecret adv{};
    std::copy(device_.adv_secret.span().begin(), device_.adv_secret.span().end(), adv.begin());
    auto validity = options_.qr_validity ? options_.qr_validity(qr_index_) : qr_validity(qr_index_);
    emit(QrCode{make_qr_string(qr_refs_[static_cast<std::size_t>(qr_index_)], device_.noise_key.public_key,
                               identity_.identity_key, adv),
                qr_index_, validity.count()});
    ++qr_index_;
    qr_timer_.expires_after(validity);
    qr_timer_.async_wait([self = shared_from_this(), generation = generation_](const std::error_code& ec) {
        if (ec || generation != self->generation_) return;
        self->show_next_qr();
    });
}

void WaClient::on_pair_success(const binary::Node& iq, const binary::Node& pair_success) {
    qr_timer_.cancel();
    auto fail = [&](const std::string& code, const std::string& error_code, const std::string& message) {
        reply_iq_error(iq, code, error_code);
        emit(PairError{error_code, message});
    };
    const binary::Node* identity_node = pair_success.child("device-identity");
    const binary::Node* device_node = pair_success.child("device");
    const binary::Jid* jid = device_node ? device_node->attr_jid("jid") : nullptr;
    if (identity_node == nullptr || jid == nullptr) {
        return fail("400", "bad-request", "pair-success lacks <device-identity> or <device jid>");
    }

    pairing::AdvSecret adv{};
    std::copy(device_.adv_secret.span().begin(), device_.adv_secret.span().end(), adv.begin());
    auto verified =
        pairing::verify_pair_success_identity(content_bytes(*identity_node), adv, identity_.identity_key);
    if (!verified) {
        std::string text = verified.error().code == "hmac_mismatch" ? "hmac-mismatch" : "signature-mismatch";
        return fail("401", text, "pair-success failed verification: " + verified.error().message);
    }
    // Device signature over 06 01 || details || our identity || the phone's account key. The identity private
    // key stays inside the Signal store, so the store signs the input wagw_wa_pairing lays out.
    pairing::SignedDeviceIdentity& signed_identity = verified->signed_identity;
    auto message = pairing::device_signature_input(signed_identity, identity_.identity_key);
    if (!message)
        return fail("500", "internal-error",
                    "cannot build the device signature input: " + message.error().message);
    auto signature = signal_->sign_with_identity(*message);
    if (!signature)
        return fail("500", "internal-error", "cannot sign the device identity: " + signature.error().message);
    signed_identity.device_signature.assign(signature->begin(), signature->end());

    // Pin the phone's account key as its device 0 (under its phone number and, when known, its LID), so a
    // later session claiming to be the phone with another key is noticed.
    if (verified->signed_identity.account_signature_key) {
        const signal::PublicKey& account_key = *verified->signed_identity.account_signature_key;
        if (auto pn = signal::address_for(jid->user, signal::AccountDomain::PhoneNumber, 0); pn)
            (void)signal_->save_remote_identity(*pn, account_key);
        if (const binary::Jid* lid = device_node->attr_jid("lid")) {
            if (auto address = signal::address_for(lid->user, signal::AccountDomain::Lid, 0); address)
                (void)signal_->save_remote_identity(*address, account_key);
        }
    }
    link_code_.reset();

    DeviceRecord linked = device_;
    linked.jid = jid->to_string();
    if (const binary::Jid* lid = device_node->attr_jid("lid")) linked.lid = lid->to_string();
    if (const binary::Node* platform = pair_success.child("platform"))
        linked.platform = attr_string(*platform, "name");
    linked.push_name = options_.payload.push_name;
    linked.account_identity = pairing::encode_signed_device_identity(signed_identity, true);
    // The registration payload just gave the server our current signed pre-key.
    linked.signed_pre_key_rotated_at = static_cast<std::int64_t>(noise::system_unix_time());
    if (auto saved = devices_->save_link(linked); !saved) {
        return fail("500", "internal-error", "cannot store the link: " + saved.error().message);
    }
    device_ = std::move(linked);

    std::string key_index = attr_string(*identity_node, "key-index");
    if (key_index.empty()) key_index = std::to_string(verified->details.key_index);
    binary::Node reply_identity{"device-identity",
                                {text_attr("key-index", key_index)},
                                pairing::encode_signed_device_identity(signed_identity, false)};
    reply_iq_result(iq,
                    binary::Children{binary::Node{"pair-device-sign", {}, binary::Children{reply_identity}}});
    emit(PairSuccess{device_.jid, device_.lid, device_.platform});
}

}  // namespace wagw::wa::client
