#pragma once
// What a WhatsApp message says, as plain C++ values: the gateway, the client and the simulator's virtual phones
// build and read messages in these terms; message_codec turns them into the E2E Message protobuf and back.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "backend/wa/media/media_keys.hpp"

namespace wagw::wa::message {

using Bytes = std::vector<std::uint8_t>;

// Points at an earlier message: the target of a reaction, edit or revoke, or the message a reply quotes.
struct MessageRef {
    std::string chat;         // JID text of the chat
    std::string id;           // WhatsApp message id
    bool from_me = false;
    std::string participant;  // sender in a group; empty in 1:1 chats

    bool operator==(const MessageRef&) const = default;
};

struct Reply {
    MessageRef quoted;
    std::string quoted_text;  // what the quoted message said, shown above the reply

    bool operator==(const Reply&) const = default;
};

struct Text {
    std::string text;
    std::optional<Reply> reply;
    std::vector<std::string> mentions;  // JIDs mentioned with @
    std::string link_title, link_description;

    bool operator==(const Text&) const = default;
};

// An uploaded, encrypted file and what the message says about it (see backend/wa/media).
struct Media {
    media::MediaKind kind = media::MediaKind::Image;
    bool voice_note = false;  // audio recorded as a push-to-talk note
    std::string mimetype;
    std::string caption;
    std::string file_name;  // documents
    std::string url, direct_path;
    Bytes media_key, file_sha256, file_enc_sha256;
    std::uint64_t file_length = 0;
    std::int64_t media_key_timestamp = 0;
    std::uint32_t seconds = 0, width = 0, height = 0;
    std::optional<Reply> reply;

    bool operator==(const Media&) const = default;
};

struct Location {
    double latitude = 0, longitude = 0;
    std::string name, address;

    bool operator==(const Location&) const = default;
};

struct ContactCard {
    std::string display_name;
    std::string vcard;

    bool operator==(const ContactCard&) const = default;
};

struct Reaction {
    MessageRef target;
    std::string emoji;  // empty: the reaction is removed
    std::int64_t sent_at_ms = 0;

    bool operator==(const Reaction&) const = default;
};

struct Edit {
    MessageRef target;
    std::string text;
    std::int64_t edited_at_ms = 0;

    bool operator==(const Edit&) const = default;
};

struct Revoke {
    MessageRef target;

    bool operator==(const Revoke&) const = default;
};

struct Poll {
    std::string question;
    std::vector<std::string> options;
    std::uint32_t selectable_count = 1;  // 0: any number

    bool operator==(const Poll&) const = default;
};

// A kind this code does not model yet; `kind` names the protobuf field so logs and events can say what it was.
struct Unsupported {
    std::string kind;

    bool operator==(const Unsupported&) const = default;
};

using Content = std::variant<Text, Media, Location, ContactCard, Reaction, Edit, Revoke, Poll, Unsupported>;

std::string content_kind(const Content& content);  // "text", "image", "voice_note", "reaction", ...

}  // namespace wagw::wa::message
