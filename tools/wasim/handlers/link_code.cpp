#include "tools/wasim/handlers/link_code.hpp"

#include <iostream>

#include "common/util/base64.hpp"
#include "backend/wa/pairing/link_code.hpp"
#include "tools/wasim/handlers/pairing.hpp"
#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {
namespace {

std::string content_text(const binary::Node* node) {
    if (!node) return {};
    if (const binary::Bytes* bytes = node->bytes()) return std::string(bytes->begin(), bytes->end());
    if (const std::string* text = std::get_if<std::string>(&node->content)) return *text;
    return {};
}

const binary::Bytes* child_bytes(const binary::Node& parent, std::string_view tag) {
    const binary::Node* child = parent.child(tag);
    return child ? child->bytes() : nullptr;
}

binary::Bytes as_bytes(const std::string& text) { return binary::Bytes(text.begin(), text.end()); }

void companion_hello(SimulatorContext& context, Session& session, const binary::Node& iq, const binary::Node& reg) {
    const std::string id = text(iq, "id");
    const binary::Jid* jid = reg.attr_jid("jid");
    const binary::Bytes* wrapped = child_bytes(reg, "link_code_pairing_wrapped_companion_ephemeral_pub");
    if (!jid || !wrapped || wrapped->size() != wa::pairing::kWrappedKeySize)
        return session.connection->send(iq_error(id, 400, "bad-request"));
    if (!context.accounts.find_by_phone(jid->user)) return session.connection->send(iq_error(id, 404, "not-found"));
    const auto random = signal::KeyPair::generate().public_key;  // 32 bytes from the OS generator
    LinkCodeRequest request;
    request.phone = jid->user;
    request.ref = "2@" + util::base64_encode(std::span(random).first(18));
    request.wrapped_companion_ephemeral = *wrapped;
    request.platform = content_text(reg.child("companion_platform_id"));
    session.connection->send(iq_result(
        id, {{"link_code_companion_reg", {}, binary::Children{bytes_node("link_code_pairing_ref", as_bytes(request.ref))}}}));
    session.link_code = std::move(request);
}

void companion_finish(SimulatorContext& context, Session& session, const binary::Node& iq, const binary::Node& reg) {
    const std::string id = text(iq, "id");
    auto refuse = [&](int code, const std::string& why) {
        std::cerr << "wasim: link-code pairing refused: " << why << std::endl;
        session.connection->send(iq_error(id, code, why));
    };
    if (!session.link_code || !session.link_code->primary_ephemeral) return refuse(400, "no-code-entered");
    const LinkCodeRequest& request = *session.link_code;
    const binary::Bytes* bundle = child_bytes(reg, "link_code_pairing_wrapped_key_bundle");
    const binary::Bytes* identity = child_bytes(reg, "companion_identity_public");
    if (!bundle || !identity || content_text(reg.child("link_code_pairing_ref")) != request.ref)
        return refuse(400, "bad-request");
    const signal::PublicKey& registered = session.hello.registration->identity;
    if (identity->size() != 32 || !std::equal(identity->begin(), identity->end(), registered.begin()))
        return refuse(400, "identity-mismatch");
    Account* account = context.accounts.find_by_phone(request.phone);
    if (!account) return refuse(404, "not-found");
    auto adv_secret = wa::pairing::open_link_code_bundle(*request.primary_ephemeral, *request.companion_ephemeral,
                                                         account->phone_identity, registered, *bundle);
    if (!adv_secret) return refuse(401, adv_secret.error().code);
    session.connection->send(iq_result(id));
    const std::string platform = request.platform;
    session.link_code.reset();
    if (auto sent = send_pair_success(context, session, *account, *adv_secret, platform); !sent)
        std::cerr << "wasim: link-code pair-success failed: " << sent.error().message << std::endl;
}

}  // namespace

void handle_link_code_iq(SimulatorContext& context, Session& session, const binary::Node& iq) {
    const binary::Node* reg = iq.child("link_code_companion_reg");
    const std::string stage = reg ? text(*reg, "stage") : "";
    if (!session.hello.is_registration()) return session.connection->send(iq_error(text(iq, "id"), 400, "already-paired"));
    if (stage == "companion_hello") return companion_hello(context, session, iq, *reg);
    if (stage == "companion_finish") return companion_finish(context, session, iq, *reg);
    session.connection->send(iq_error(text(iq, "id"), 400, "bad-request"));
}

Status enter_link_code(SimulatorContext& context, Account& account, const std::string& code) {
    auto normalized = wa::pairing::normalize_link_code(code);
    if (!normalized) return normalized.error();
    Session* session = context.sessions.link_code_session(account.phone);
    if (!session) return Error{"no_link_code_request", "no connected client asked to pair with " + account.phone};
    LinkCodeRequest& request = *session->link_code;
    // A wrong code unwraps to a wrong key without an error; it surfaces as a bad key bundle at companion_finish.
    auto companion_ephemeral = wa::pairing::unwrap_link_code_key(*normalized, request.wrapped_companion_ephemeral);
    if (!companion_ephemeral) return companion_ephemeral.error();
    const auto primary_ephemeral = signal::KeyPair::generate();
    auto wrapped = wa::pairing::wrap_link_code_key(*normalized, primary_ephemeral.public_key);
    if (!wrapped) return wrapped.error();
    request.companion_ephemeral = *companion_ephemeral;
    request.primary_ephemeral = primary_ephemeral;
    const signal::PublicKey& identity = account.phone_identity.public_key;
    session->connection->send(
        {"notification",
         {{"from", server_jid()},
          {"id", session->next_iq_id()},
          {"t", unix_now_text()},
          {"type", std::string("link_code_companion_reg")}},
         binary::Children{{"link_code_companion_reg",
                           {{"stage", std::string("primary_hello")}},
                           binary::Children{bytes_node("link_code_pairing_ref", as_bytes(request.ref)),
                                            bytes_node("link_code_pairing_wrapped_primary_ephemeral_pub", *wrapped),
                                            bytes_node("primary_identity_pub",
                                                       binary::Bytes(identity.begin(), identity.end()))}}}});
    return ok_status();
}

}  // namespace wagw::wasim
