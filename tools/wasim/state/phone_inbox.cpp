#include "tools/wasim/state/phone_inbox.hpp"

namespace wagw::wasim {

void PhoneInbox::add(const std::string& phone, PhoneInboxEntry entry) {
    auto& inbox = inboxes_[phone];
    if (inbox.size() >= kMaxPerPhone) inbox.erase(inbox.begin());  // keep the most recent
    inbox.push_back(std::move(entry));
}

const std::vector<PhoneInboxEntry>& PhoneInbox::entries(const std::string& phone) const {
    static const std::vector<PhoneInboxEntry> none;
    auto it = inboxes_.find(phone);
    return it == inboxes_.end() ? none : it->second;
}

}  // namespace wagw::wasim
