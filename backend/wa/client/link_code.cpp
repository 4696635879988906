// Link-code pairing, companion side (protocol notes §5.2): instead of QR codes, we ask the server to pair with a
// phone number (companion_hello, our ephemeral key wrapped under a fresh 8-character code), the user types the
// code on the phone, the phone's wrapped ephemeral key and identity come back in a notification, and we answer
// with the key bundle (companion_finish). The ADV secret both sides derive then checks pair-success as for QR.
#include "backend/wa/client/nodes.hpp"
#include "backend/wa/client/wa_client.hpp"
#include "backend/wa/pairing/link_code.hpp"

namespace wagw::wa::client {
namespace {

// The real server refuses unknown platform displays; this is one it accepts (whatsmeow's default form).
constexpr const char* kPlatformDisplay = "Chrome (Linux)";
constexpr const char* kPlatformId = "1";  // Chrome

binary::Node text_node(std::string tag, std::string_view text) {
    return bytes_node(std::move(tag), binary::Bytes(text.begin(), text.end()));
}

binary::Node registration_iq(const std::string& phone, const std::string& stage, binary::Children children) {
    std::vector<binary::Attribute> attrs{jid_attr("jid", binary::Jid{phone, "s.whatsapp.net", std::nullopt, 0, 0}),
                                         text_attr("stage", stage)};
    if (stage == "companion_hello") attrs.push_back(text_attr("should_show_push_notification", "true"));
    return binary::Node{"iq",
                        {jid_attr("to", server_jid()), text_attr("type", "set"), text_attr("xmlns", "md")},
                        binary::Children{binary::Node{"link_code_companion_reg", std::move(attrs), std::move(children)}}};
}

}  // namespace

void WaClient::start_link_code() {
    if (link_code_) return;  // one code per connection; pair-device may come again with new refs
    std::string phone = options_.link_code_phone;
    if (!phone.empty() && phone.front() == '+') phone.erase(0, 1);
    LinkCodeState state{pairing::make_link_code(), signal::KeyPair::generate(), ""};
    auto wrapped = pairing::wrap_link_code_key(state.code, state.ephemeral.public_key);
    if (!wrapped) return emit(PairError{wrapped.error().code, wrapped.error().message});
    const auto& noise_public = device_.noise_key.public_key;
    binary::Children children{
        bytes_node("link_code_pairing_wrapped_companion_ephemeral_pub", *wrapped),
        bytes_node("companion_server_auth_key_pub", binary::Bytes(noise_public.begin(), noise_public.end())),
        text_node("companion_platform_id", kPlatformId),
        text_node("companion_platform_display", kPlatformDisplay),
        text_node("link_code_pairing_nonce", "0"),
    };
    std::string code = state.code;
    link_code_ = std::move(state);
    send_iq(registration_iq(phone, "companion_hello", std::move(children)),
            [self = shared_from_this(), code](Result<binary::Node> reply) {
                if (!reply) return self->emit(PairError{reply.error().code, reply.error().message});
                const binary::Node* reg = reply->child("link_code_companion_reg");
                const binary::Node* ref = reg ? reg->child("link_code_pairing_ref") : nullptr;
                if (ref == nullptr || !self->link_code_)
                    return self->emit(PairError{"bad_link_code_reply", "companion_hello reply lacks a pairing ref"});
                auto bytes = content_bytes(*ref);
                self->link_code_->ref.assign(bytes.begin(), bytes.end());
                self->emit(LinkCode{code});
            });
}

void WaClient::on_link_code_notification(const binary::Node& notification) {
    const binary::Node* reg = notification.child("link_code_companion_reg");
    if (reg == nullptr || !link_code_ || link_code_->ref.empty()) return;
    auto fail = [&](const Error& error) { emit(PairError{error.code, error.message}); };
    const binary::Node* ref = reg->child("link_code_pairing_ref");
    const binary::Node* wrapped = reg->child("link_code_pairing_wrapped_primary_ephemeral_pub");
    const binary::Node* identity = reg->child("primary_identity_pub");
    if (ref == nullptr || wrapped == nullptr || identity == nullptr)
        return fail(Error{"bad_link_code_notification", "the link-code notification lacks a key"});
    auto ref_bytes = content_bytes(*ref);
    if (std::string(ref_bytes.begin(), ref_bytes.end()) != link_code_->ref) return;  // another attempt's
    auto identity_bytes = content_bytes(*identity);
    if (identity_bytes.size() != 32)
        return fail(Error{"bad_link_code_notification", "the phone's identity key must be 32 bytes"});
    signal::PublicKey primary_identity{};
    std::copy(identity_bytes.begin(), identity_bytes.end(), primary_identity.begin());
    auto primary_ephemeral = pairing::unwrap_link_code_key(link_code_->code, content_bytes(*wrapped));
    if (!primary_ephemeral) return fail(primary_ephemeral.error());
    // X25519 with our identity key happens inside the Signal store; the private key never leaves it.
    auto identity_agreement = signal_->agree_with_identity(primary_identity);
    if (!identity_agreement) return fail(identity_agreement.error());
    auto sealed = pairing::seal_link_code_bundle(link_code_->ephemeral, *primary_ephemeral, identity_.identity_key,
                                                 primary_identity, *identity_agreement);
    if (!sealed) return fail(sealed.error());
    // pair-success is checked against this secret from now on, as the QR's secret is for QR pairing.
    std::copy(sealed->adv_secret.begin(), sealed->adv_secret.end(), device_.adv_secret.mutable_span().begin());

    std::string phone = options_.link_code_phone;
    if (!phone.empty() && phone.front() == '+') phone.erase(0, 1);
    binary::Children children{
        bytes_node("link_code_pairing_wrapped_key_bundle", sealed->wrapped_key_bundle),
        bytes_node("companion_identity_public",
                   binary::Bytes(identity_.identity_key.begin(), identity_.identity_key.end())),
        text_node("link_code_pairing_ref", link_code_->ref),
    };
    send_iq(registration_iq(phone, "companion_finish", std::move(children)),
            [self = shared_from_this()](Result<binary::Node> reply) {
                if (!reply) self->emit(PairError{reply.error().code, reply.error().message});
            });
}

}  // namespace wagw::wa::client
