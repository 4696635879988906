#include "tools/wasim/handlers/delivery.hpp"

#include "tools/wasim/handlers/stanzas.hpp"
#include "tools/wasim/phone/phone_messaging.hpp"

namespace wagw::wasim {

void deliver_to_device(SimulatorContext& context, const Account& account, std::uint16_t device, binary::Node node) {
    if (device == 0) {
        // The phone changes as it reads (sessions, pre-keys), so it works on the directory's own entry.
        if (Account* phone = context.accounts.find_by_phone(account.phone)) phone_receive(context, *phone, node);
        return;
    }
    if (!account.active_companion(device)) return;
    if (Session* session = context.sessions.device_session(account.phone, device)) {
        session->unacked.sent(node);
        session->connection->send(std::move(node));
        return;
    }
    context.offline.push(account.phone, device, std::move(node));
}

void redeliver_unacknowledged(SimulatorContext& context, const std::string& phone, std::uint16_t device,
                              std::vector<binary::Node> unacknowledged) {
    if (unacknowledged.empty()) return;
    if (Session* current = context.sessions.device_session(phone, device)) {
        // A newer connection of the same device took over: it gets them now.
        for (binary::Node& node : unacknowledged) {
            current->unacked.sent(node);
            current->connection->send(std::move(node));
        }
        return;
    }
    context.offline.push_front(phone, device, std::move(unacknowledged));
}

std::size_t flush_offline(SimulatorContext& context, Session& session) {
    auto queued = context.offline.take(session.hello.phone, session.hello.device);
    for (binary::Node& node : queued) {
        if (!node.attr_text("offline")) node.attrs.push_back({"offline", std::string("1")});
        session.unacked.sent(node);
        session.connection->send(std::move(node));
    }
    return queued.size();
}

}  // namespace wagw::wasim
