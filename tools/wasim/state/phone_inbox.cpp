#include "tools/wasim/state/phone_inbox.hpp"

#include <algorithm>

namespace wagw::wasim {

bool PhoneInbox::add(const std::string& phone, PhoneInboxEntry entry) {
    auto& inbox = inboxes_[phone];
    // The sender's account when known, else its device JID: ids are unique per sender, not across senders.
    auto same_message = [&](const PhoneInboxEntry& held) {
        return held.id == entry.id &&
               (entry.from_phone.empty() ? held.from == entry.from : held.from_phone == entry.from_phone);
    };
    if (auto held = std::find_if(inbox.begin(), inbox.end(), same_message); held != inbox.end()) {
        if (!held->decrypted && entry.decrypted) *held = std::move(entry);
        return false;
    }
    if (inbox.size() >= kMaxPerPhone) inbox.erase(inbox.begin());  // keep the most recent
    inbox.push_back(std::move(entry));
    return true;
}

const std::vector<PhoneInboxEntry>& PhoneInbox::entries(const std::string& phone) const {
    static const std::vector<PhoneInboxEntry> none;
    auto it = inboxes_.find(phone);
    return it == inboxes_.end() ? none : it->second;
}

}  // namespace wagw::wasim
