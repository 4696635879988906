#include "tools/wasim/server/session_registry.hpp"

#include <algorithm>
#include <random>

namespace wagw::wasim {

Session& SessionRegistry::add(std::shared_ptr<ClientConnection> connection, ClientHello hello) {
    const std::uint64_t id = connection->id();
    Session& session = sessions_[id];
    session.connection = std::move(connection);
    session.hello = std::move(hello);
    return session;
}

void SessionRegistry::remove(std::uint64_t connection_id) {
    auto it = sessions_.find(connection_id);
    if (it == sessions_.end()) return;
    Session& session = it->second;
    if (session.logged_in) {
        auto device = by_device_.find({session.hello.phone, session.hello.device});
        if (device != by_device_.end() && device->second == connection_id) by_device_.erase(device);
    }
    if (session.refs)
        for (const auto& ref : session.refs->refs()) by_ref_.erase(ref);
    sessions_.erase(it);
}

void SessionRegistry::close_all() {
    for (auto& [id, session] : sessions_) session.connection->close();
}

std::size_t SessionRegistry::drop_fraction(double fraction) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    std::bernoulli_distribution pick(std::clamp(fraction, 0.0, 1.0));
    std::size_t dropped = 0;
    for (auto& [id, session] : sessions_)
        if (session.logged_in && pick(random)) {
            session.connection->close();
            ++dropped;
        }
    return dropped;
}

std::size_t SessionRegistry::black_hole_account(const std::string& phone) {
    std::size_t silenced = 0;
    for (const auto& [device, connection_id] : by_device_) {
        if (device.first != phone) continue;
        if (Session* session = find(connection_id)) {
            session->connection->black_hole();
            ++silenced;
        }
    }
    return silenced;
}

Session* SessionRegistry::find(std::uint64_t connection_id) {
    auto it = sessions_.find(connection_id);
    return it == sessions_.end() ? nullptr : &it->second;
}

Session* SessionRegistry::device_session(const std::string& phone, std::uint16_t device) {
    auto it = by_device_.find({phone, device});
    return it == by_device_.end() ? nullptr : find(it->second);
}

void SessionRegistry::bind_device(Session& session) {
    session.logged_in = true;
    by_device_[{session.hello.phone, session.hello.device}] = session.connection->id();
}

void SessionRegistry::bind_refs(Session& session, PairingRefs refs) {
    for (const auto& ref : refs.refs()) by_ref_[ref] = session.connection->id();
    session.refs = std::move(refs);
}

Session* SessionRegistry::link_code_session(const std::string& phone) {
    Session* newest = nullptr;
    for (auto& [id, session] : sessions_)
        if (session.link_code && session.link_code->phone == phone && !session.link_code->primary_ephemeral)
            newest = &session;
    return newest;
}

Session* SessionRegistry::session_for_ref(const std::string& ref) {
    auto it = by_ref_.find(ref);
    return it == by_ref_.end() ? nullptr : find(it->second);
}

}  // namespace wagw::wasim
