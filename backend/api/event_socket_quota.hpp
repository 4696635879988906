#pragma once
// Caps the /api/events sockets one principal (a key) holds open at a time.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace wagw::api {

// Holds one of a principal's event-socket slots; freed when the socket ends.
class EventSocketQuota {
public:
    explicit EventSocketQuota(std::size_t per_principal) : per_principal_(per_principal) {}

    std::shared_ptr<void> take(const std::string& principal) {
        std::lock_guard lock(mutex_);
        std::size_t& used = used_[principal];
        if (used >= per_principal_) return nullptr;
        ++used;
        // The pointer only needs to be non-null; the deleter gives the slot back.
        return std::shared_ptr<void>(this, [this, principal](void*) {
            std::lock_guard lock(mutex_);
            if (--used_[principal] == 0) used_.erase(principal);
        });
    }

private:
    const std::size_t per_principal_;
    std::mutex mutex_;
    std::map<std::string, std::size_t> used_;
};

}  // namespace wagw::api
