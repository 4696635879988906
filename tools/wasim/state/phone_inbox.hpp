#pragma once
// What reached an account's virtual phone (device 0): the envelope and, when the phone could decrypt it, what the
// message said, for the control API and tests.
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
    std::string from_phone;  // the sender's account, "" when unknown
    bool decrypted = false;
    std::string error;         // why decryption failed
    std::string kind;          // content kind: text, image, reaction, revoke, edit, ... ("own:" prefix: own copy)
    std::string text;          // text, caption, reaction emoji or edited text
    std::string media_sha256;  // hex of the plaintext file's SHA-256 for media
    std::string target_id;     // the message a reaction, edit or revoke points at
};

class PhoneInbox {
public:
    static constexpr std::size_t kMaxPerPhone = 10000;
    // Keeps one entry per (sender account, id), as WhatsApp's apps show one message per id: a copy of a message
    // the phone already holds is not added again and add() returns false (the caller counts it). A copy that
    // decrypts replaces an earlier one that did not (a sender's retry after a retry receipt).
    bool add(const std::string& phone, PhoneInboxEntry entry);
    const std::vector<PhoneInboxEntry>& entries(const std::string& phone) const;

private:
    std::map<std::string, std::vector<PhoneInboxEntry>> inboxes_;
};

}  // namespace wagw::wasim
