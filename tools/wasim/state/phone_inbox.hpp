#pragma once
// What reached an account's virtual phone (device 0). The phone does not decrypt yet (it has no Signal sessions),
// so it records the envelope: who sent what kind of stanza, for the control API and tests.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wagw::wasim {

struct PhoneInboxEntry {
    std::string id;
    std::string from;       // sender device JID
    std::string type;       // message type attribute (text, media, reaction, ...)
    std::string enc_type;   // pkmsg, msg or skmsg
    std::uint64_t t = 0;
};

class PhoneInbox {
public:
    static constexpr std::size_t kMaxPerPhone = 1000;
    void add(const std::string& phone, PhoneInboxEntry entry);
    const std::vector<PhoneInboxEntry>& entries(const std::string& phone) const;

private:
    std::map<std::string, std::vector<PhoneInboxEntry>> inboxes_;
};

}  // namespace wagw::wasim
