#pragma once
// Which devices a user has, remembered for a while so that sends to the same people do not each need a usync
// round trip (Baileys' userDevicesCache, 5 minutes; whatsmeow's device cache). In memory only: after a restart
// (or a login) the first send asks the server again. An entry is dropped before its time when something says the
// list is wrong: a <notification type="devices"> for that user, a device of that user showing up (a message, a
// retry receipt) that the list does not hold, or a message ack with a participant hash (send_queue.cpp). One cache
// per WaClient, touched only on its strand.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backend/wa/binary/jid.hpp"

namespace wagw::wa::client {

// A user's devices as usync reports them.
struct UserDevices {
    binary::Jid user;                // as asked (a PN or LID user, no device)
    std::optional<binary::Jid> lid;  // the user's LID, when the server knows it
    std::vector<std::uint16_t> devices;
};

struct DeviceCacheLimits {
    std::chrono::milliseconds ttl{std::chrono::minutes(5)};  // 0: nothing is kept
    std::size_t max_users = 5000;
};

class DeviceCache {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    // `now` defaults to the steady clock; tests pass their own to move time.
    explicit DeviceCache(DeviceCacheLimits limits = {}, Clock now = {});

    // The list for `user` (no device) under the JID it was stored by, unless there is none or it expired.
    std::optional<UserDevices> find(const binary::Jid& user);
    // Keeps (or replaces) the list for entry.user; when full, expired entries go first, then the oldest.
    void store(UserDevices entry);
    // Drops the list of `user`, found by the JID it was stored under or by its LID. True when one was there.
    bool forget(const binary::Jid& user);
    // True when a fresh list for `device`'s user (by JID or LID) lacks that device: the list is out of date.
    bool contradicts(const binary::Jid& device);
    void clear();

    // Bumped by every forget() that dropped something and by clear(): a usync answer that was asked for before
    // the bump may predate the change, so the caller uses it once but does not store it.
    std::uint64_t generation() const { return generation_; }
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        UserDevices devices;
        std::chrono::steady_clock::time_point expires_at;
    };
    using Entries = std::map<std::string, Entry>;
    // The fresh entry stored under `user`, else the one whose LID is `user` (an expired one found is erased).
    Entries::iterator lookup(const binary::Jid& user);
    Entries::iterator fresh_or_erase(Entries::iterator entry);
    void erase(Entries::iterator entry);
    bool expired(const Entry& entry) const { return now_() >= entry.expires_at; }

    DeviceCacheLimits limits_;
    Clock now_;
    Entries entries_;                           // by the user's text form, e.g. "15551234567@s.whatsapp.net"
    std::map<std::string, std::string> by_lid_;  // LID user -> key of the entry that names it
    std::uint64_t generation_ = 0;
};

}  // namespace wagw::wa::client
