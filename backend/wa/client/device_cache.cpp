#include "backend/wa/client/device_cache.hpp"

#include <algorithm>

namespace wagw::wa::client {

DeviceCache::DeviceCache(DeviceCacheLimits limits, Clock now) : limits_(limits), now_(std::move(now)) {
    if (!now_) now_ = [] { return std::chrono::steady_clock::now(); };
}

void DeviceCache::erase(Entries::iterator entry) {
    if (const auto& lid = entry->second.devices.lid) {
        // Only when it points here: a LID-keyed entry for the same person may have taken the index since.
        auto indexed = by_lid_.find(lid->to_string());
        if (indexed != by_lid_.end() && indexed->second == entry->first) by_lid_.erase(indexed);
    }
    entries_.erase(entry);
}

DeviceCache::Entries::iterator DeviceCache::fresh_or_erase(Entries::iterator entry) {
    if (entry == entries_.end() || !expired(entry->second)) return entry;
    erase(entry);
    return entries_.end();
}

DeviceCache::Entries::iterator DeviceCache::lookup(const binary::Jid& user) {
    const std::string bare = user.without_device().to_string();
    auto found = fresh_or_erase(entries_.find(bare));
    if (found != entries_.end()) return found;
    // Stored under the other address of the same person: a PN entry whose LID is asked for.
    auto by_lid = by_lid_.find(bare);
    return by_lid == by_lid_.end() ? entries_.end() : fresh_or_erase(entries_.find(by_lid->second));
}

std::optional<UserDevices> DeviceCache::find(const binary::Jid& user) {
    auto found = fresh_or_erase(entries_.find(user.without_device().to_string()));
    if (found == entries_.end()) return std::nullopt;
    return found->second.devices;
}

void DeviceCache::store(UserDevices entry) {
    if (limits_.ttl.count() <= 0 || limits_.max_users == 0) return;
    entry.user = entry.user.without_device();
    if (entry.lid) entry.lid = entry.lid->without_device();
    std::string key = entry.user.to_string();
    if (auto old = entries_.find(key); old != entries_.end()) erase(old);
    if (entries_.size() >= limits_.max_users) {
        for (auto it = entries_.begin(); it != entries_.end();) {
            auto next = std::next(it);
            if (expired(it->second)) erase(it);
            it = next;
        }
        if (entries_.size() >= limits_.max_users) {
            erase(std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
                return a.second.expires_at < b.second.expires_at;
            }));
        }
    }
    if (entry.lid) by_lid_[entry.lid->to_string()] = key;
    entries_.emplace(std::move(key), Entry{std::move(entry), now_() + limits_.ttl});
}

bool DeviceCache::forget(const binary::Jid& user) {
    bool dropped = false;
    // Both the entry stored under this JID and one stored under the person's other address.
    for (auto found = lookup(user); found != entries_.end(); found = lookup(user)) {
        erase(found);
        dropped = true;
    }
    if (dropped) ++generation_;
    return dropped;
}

bool DeviceCache::contradicts(const binary::Jid& device) {
    auto found = lookup(device);
    if (found == entries_.end()) return false;
    const std::vector<std::uint16_t>& devices = found->second.devices.devices;
    return std::find(devices.begin(), devices.end(), device.device.value_or(0)) == devices.end();
}

void DeviceCache::clear() {
    if (entries_.empty()) return;
    entries_.clear();
    by_lid_.clear();
    ++generation_;
}

}  // namespace wagw::wa::client
