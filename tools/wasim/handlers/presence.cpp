#include "tools/wasim/handlers/presence.hpp"

#include <ctime>
#include <map>
#include <mutex>
#include <set>

#include "tools/wasim/handlers/group_nodes.hpp"
#include "tools/wasim/handlers/stanzas.hpp"

namespace wagw::wasim {
namespace {

// Who subscribed to whom, and what each account last said about itself. Presence is volatile (a restart
// forgets it, as subscriptions on WhatsApp end with the connection's life anyway). The book is kept per
// simulator here, so the shared SimulatorContext needs no new member; the mutex only guards the map of books
// (several simulators can live in one process), each book is touched from its simulator's strand.
struct Subscriber {
    std::string phone;
    std::uint16_t device = 0;
    auto operator<=>(const Subscriber&) const = default;
};

struct PresenceBook {
    // target phone -> subscriber device -> the JID it subscribed with (the form it will see in `from`)
    std::map<std::string, std::map<Subscriber, binary::Jid>> subscribers;
    struct Last {
        bool available = false;
        std::int64_t since = 0;
    };
    std::map<std::string, Last> last;  // phone -> last presence it sent
};

constexpr std::size_t kMaxSubscribersPerAccount = 10000;

std::mutex books_mutex;
std::map<const SimulatorContext*, PresenceBook>& books() {
    static std::map<const SimulatorContext*, PresenceBook> all;
    return all;
}

PresenceBook& book_of(const SimulatorContext& context) {
    std::lock_guard lock(books_mutex);
    return books()[&context];
}

binary::Node presence_node(const binary::Jid& from, const PresenceBook::Last& last) {
    binary::Node node{"presence",
                      {{"from", from}, {"type", std::string(last.available ? "available" : "unavailable")}},
                      {}};
    if (!last.available && last.since) node.attrs.push_back({"last", std::to_string(last.since)});
    return node;
}

// Only devices connected now: presence and chat states are not worth queueing.
void send_to_live_devices(SimulatorContext& context, const Account& account, const binary::Node& node,
                          std::optional<std::uint16_t> except_device = std::nullopt) {
    for (const auto& [device_id, device] : account.companions) {
        if (device.removed || device_id == except_device) continue;
        if (Session* session = context.sessions.device_session(account.phone, device_id))
            session->connection->send(node);
    }
}

}  // namespace

void handle_presence(SimulatorContext& context, Session& session, const binary::Node& presence) {
    PresenceBook& book = book_of(context);
    const std::string type = text(presence, "type");
    if (type == "subscribe") {
        const binary::Jid* to = presence.attr_jid("to");
        Account* target = to ? context.accounts.find_by_user(to->user, to->server) : nullptr;
        if (!target) return;
        auto& subscribers = book.subscribers[target->phone];
        if (subscribers.size() >= kMaxSubscribersPerAccount) return;
        subscribers[Subscriber{session.hello.phone, session.hello.device}] = to->without_device();
        if (auto last = book.last.find(target->phone); last != book.last.end())
            session.connection->send(presence_node(to->without_device(), last->second));
        return;
    }
    if (type != "available" && type != "unavailable") return;
    const PresenceBook::Last now{type == "available", static_cast<std::int64_t>(std::time(nullptr))};
    book.last[session.hello.phone] = now;
    auto subscribers = book.subscribers.find(session.hello.phone);
    if (subscribers == book.subscribers.end()) return;
    for (const auto& [subscriber, seen_as] : subscribers->second) {
        if (subscriber.phone == session.hello.phone) continue;
        if (Session* target = context.sessions.device_session(subscriber.phone, subscriber.device))
            target->connection->send(presence_node(seen_as, now));
    }
}

void handle_chat_state(SimulatorContext& context, Session& session, const binary::Node& chat_state) {
    const binary::Jid* to = chat_state.attr_jid("to");
    const binary::Children* children = chat_state.children();
    if (!to || !children || children->empty()) return;
    Account* sender = context.accounts.find_by_phone(session.hello.phone);
    if (!sender) return;
    if (to->server == binary::servers::kGroup) {
        const Group* group = context.groups.find(to->user);
        if (!group || !group->members.count(sender->phone)) return;
        // The typist as the group names its members (LID or PN addressing).
        binary::Node routed{"chatstate", {{"from", to->without_device()}, {"participant", member_jid(*group, *sender)}},
                            *children};
        for (const auto& [phone, role] : group->members) {
            if (Account* member = context.accounts.find_by_phone(phone))
                send_to_live_devices(context, *member, routed,
                                     member == sender ? std::optional<std::uint16_t>(session.hello.device)
                                                      : std::nullopt);
        }
        return;
    }
    Account* recipient = context.accounts.find_by_user(to->user, to->server);
    if (!recipient || recipient == sender) return;
    // The recipient sees the sender in the form it was addressed: a LID chat gets the sender's LID.
    const binary::Jid from = to->server == binary::servers::kLid ? lid_jid(sender->lid) : pn_jid(sender->phone);
    send_to_live_devices(context, *recipient, binary::Node{"chatstate", {{"from", from}}, *children});
}

}  // namespace wagw::wasim
