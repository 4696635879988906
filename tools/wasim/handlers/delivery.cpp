#include "tools/wasim/handlers/delivery.hpp"

#include <ctime>

#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {
namespace {

void record_on_phone(SimulatorContext& context, const Account& account, const binary::Node& node) {
    if (node.tag != "message") return;
    PhoneInboxEntry entry{text(node, "id"), text(node, "from"), text(node, "type"), "",
                          static_cast<std::uint64_t>(std::time(nullptr))};
    if (const binary::Node* enc = node.child("enc")) entry.enc_type = text(*enc, "type");
    context.phone_inbox.add(account.phone, std::move(entry));
}

}  // namespace

void deliver_to_device(SimulatorContext& context, const Account& account, std::uint16_t device, binary::Node node) {
    if (device == 0) return record_on_phone(context, account, node);
    if (!account.active_companion(device)) return;
    if (Session* session = context.sessions.device_session(account.phone, device)) {
        session->connection->send(std::move(node));
        return;
    }
    context.offline.push(account.phone, device, std::move(node));
}

std::size_t flush_offline(SimulatorContext& context, Session& session) {
    auto queued = context.offline.take(session.hello.phone, session.hello.device);
    for (binary::Node& node : queued) {
        node.attrs.push_back({"offline", std::string("1")});
        session.connection->send(std::move(node));
    }
    return queued.size();
}

}  // namespace wagw::wasim
