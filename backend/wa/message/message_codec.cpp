#include "backend/wa/message/message_codec.hpp"

#include <openssl/rand.h>
#include <wa/proto/e2e_message.pb.h>

#include <type_traits>

namespace wagw::wa::message {
namespace {

namespace pb = wagw::wa::proto;
using media::MediaKind;

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};

std::string as_string(const Bytes& bytes) { return {bytes.begin(), bytes.end()}; }
Bytes as_bytes(const std::string& text) { return {text.begin(), text.end()}; }

void fill_key(pb::MessageKey& key, const MessageRef& ref) {
    key.set_remotejid(ref.chat);
    key.set_fromme(ref.from_me);
    key.set_id(ref.id);
    if (!ref.participant.empty()) key.set_participant(ref.participant);
}

MessageRef ref_from(const pb::MessageKey& key) { return {key.remotejid(), key.id(), key.fromme(), key.participant()}; }

void fill_reply(pb::ContextInfo& context, const Reply& reply) {
    context.set_stanzaid(reply.quoted.id);
    if (!reply.quoted.participant.empty()) context.set_participant(reply.quoted.participant);
    context.set_remotejid(reply.quoted.chat);
    context.mutable_quotedmessage()->set_conversation(reply.quoted_text);
}

std::optional<Reply> reply_from(const pb::ContextInfo& context) {
    if (!context.has_stanzaid()) return std::nullopt;
    Reply reply;
    reply.quoted = {context.remotejid(), context.stanzaid(), false, context.participant()};
    if (context.has_quotedmessage()) {
        const pb::Message& quoted = context.quotedmessage();
        reply.quoted_text = quoted.has_extendedtextmessage() ? quoted.extendedtextmessage().text() : quoted.conversation();
    }
    return reply;
}

Bytes random_secret() {
    Bytes secret(32);
    RAND_bytes(secret.data(), static_cast<int>(secret.size()));
    return secret;
}

void encode_text(pb::Message& out, const Text& text) {
    const bool plain = !text.reply && text.mentions.empty() && text.link_title.empty() && text.link_description.empty();
    if (plain) {
        out.set_conversation(text.text);
        return;
    }
    auto* extended = out.mutable_extendedtextmessage();
    extended->set_text(text.text);
    if (!text.link_title.empty()) extended->set_title(text.link_title);
    if (!text.link_description.empty()) extended->set_description(text.link_description);
    if (text.reply || !text.mentions.empty()) {
        auto* context = extended->mutable_contextinfo();
        if (text.reply) fill_reply(*context, *text.reply);
        for (const auto& jid : text.mentions) context->add_mentionedjid(jid);
    }
}

// The fields every media message shares, set through whichever message type the kind uses.
template <class M>
void fill_media_common(M& m, const Media& media) {
    m.set_url(media.url);
    m.set_mimetype(media.mimetype);
    m.set_filesha256(as_string(media.file_sha256));
    m.set_filelength(media.file_length);
    m.set_mediakey(as_string(media.media_key));
    m.set_fileencsha256(as_string(media.file_enc_sha256));
    m.set_directpath(media.direct_path);
    m.set_mediakeytimestamp(media.media_key_timestamp);
    if (media.reply) fill_reply(*m.mutable_contextinfo(), *media.reply);
}

template <class M>
void read_media_common(const M& m, Media& media) {
    media.url = m.url();
    media.mimetype = m.mimetype();
    media.file_sha256 = as_bytes(m.filesha256());
    media.file_length = m.filelength();
    media.media_key = as_bytes(m.mediakey());
    media.file_enc_sha256 = as_bytes(m.fileencsha256());
    media.direct_path = m.directpath();
    media.media_key_timestamp = m.mediakeytimestamp();
    if (m.has_contextinfo()) media.reply = reply_from(m.contextinfo());
}

Status encode_media(pb::Message& out, const Media& media) {
    switch (media.kind) {
        case MediaKind::Image: {
            auto* m = out.mutable_imagemessage();
            fill_media_common(*m, media);
            if (!media.caption.empty()) m->set_caption(media.caption);
            if (media.width) m->set_width(media.width);
            if (media.height) m->set_height(media.height);
            return ok_status();
        }
        case MediaKind::Video: {
            auto* m = out.mutable_videomessage();
            fill_media_common(*m, media);
            if (!media.caption.empty()) m->set_caption(media.caption);
            if (media.seconds) m->set_seconds(media.seconds);
            if (media.width) m->set_width(media.width);
            if (media.height) m->set_height(media.height);
            return ok_status();
        }
        case MediaKind::Audio: {
            auto* m = out.mutable_audiomessage();
            fill_media_common(*m, media);
            m->set_ptt(media.voice_note);
            if (media.seconds) m->set_seconds(media.seconds);
            return ok_status();
        }
        case MediaKind::Document: {
            auto* m = out.mutable_documentmessage();
            fill_media_common(*m, media);
            m->set_filename(media.file_name);
            m->set_title(media.file_name);
            if (!media.caption.empty()) m->set_caption(media.caption);
            return ok_status();
        }
        case MediaKind::Sticker: {
            auto* m = out.mutable_stickermessage();
            fill_media_common(*m, media);
            if (media.width) m->set_width(media.width);
            if (media.height) m->set_height(media.height);
            return ok_status();
        }
        default:
            return Error{"unsupported_media", "only images, videos, audio, documents and stickers can be sent"};
    }
}

Status encode_content(pb::Message& out, const Content& content, const EncodeOptions& options) {
    return std::visit(
        Overloaded{
            [&](const Text& text) -> Status {
                if (text.text.empty()) return Error{"empty_text", "a text message needs some text"};
                encode_text(out, text);
                return ok_status();
            },
            [&](const Media& media) { return encode_media(out, media); },
            [&](const Location& location) -> Status {
                auto* m = out.mutable_locationmessage();
                m->set_degreeslatitude(location.latitude);
                m->set_degreeslongitude(location.longitude);
                if (!location.name.empty()) m->set_name(location.name);
                if (!location.address.empty()) m->set_address(location.address);
                return ok_status();
            },
            [&](const ContactCard& card) -> Status {
                auto* m = out.mutable_contactmessage();
                m->set_displayname(card.display_name);
                m->set_vcard(card.vcard);
                return ok_status();
            },
            [&](const Reaction& reaction) -> Status {
                auto* m = out.mutable_reactionmessage();
                fill_key(*m->mutable_key(), reaction.target);
                m->set_text(reaction.emoji);
                m->set_sendertimestampms(reaction.sent_at_ms);
                return ok_status();
            },
            [&](const Edit& edit) -> Status {
                auto* m = out.mutable_protocolmessage();
                fill_key(*m->mutable_key(), edit.target);
                m->set_type(pb::Message::ProtocolMessage::MESSAGE_EDIT);
                m->mutable_editedmessage()->set_conversation(edit.text);
                m->set_timestampms(edit.edited_at_ms);
                return ok_status();
            },
            [&](const Revoke& revoke) -> Status {
                auto* m = out.mutable_protocolmessage();
                fill_key(*m->mutable_key(), revoke.target);
                m->set_type(pb::Message::ProtocolMessage::REVOKE);
                return ok_status();
            },
            [&](const Poll& poll) -> Status {
                if (poll.options.size() < 2) return Error{"invalid_poll", "a poll needs at least two options"};
                if (poll.selectable_count > poll.options.size()) {
                    return Error{"invalid_poll", "a poll cannot allow more choices than it has options"};
                }
                // As WhatsApp's clients do: single-choice polls use the V3 field, others the original one.
                auto* m = poll.selectable_count == 1 ? out.mutable_pollcreationmessagev3()
                                                     : out.mutable_pollcreationmessage();
                m->set_name(poll.question);
                for (const auto& option : poll.options) m->add_options()->set_optionname(option);
                m->set_selectableoptionscount(poll.selectable_count);
                // Votes are encrypted with a key derived from this secret: without it nobody can vote.
                const Bytes secret = options.message_secret.empty() ? random_secret() : options.message_secret;
                out.mutable_messagecontextinfo()->set_messagesecret(as_string(secret));
                return ok_status();
            },
            [&](const Unsupported& unsupported) -> Status {
                return Error{"unsupported_content", "cannot send a message of kind " + unsupported.kind};
            },
        },
        content);
}

Result<Bytes> serialize(const pb::Message& message) {
    std::string out;
    if (!message.SerializeToString(&out)) return Error{"encode_failed", "the message could not be serialized"};
    return as_bytes(out);
}

const pb::Message& unwrap(const pb::Message& message) {
    // Wrappers that only change how the inner message is shown.
    if (message.has_ephemeralmessage()) return unwrap(message.ephemeralmessage().message());
    if (message.has_viewoncemessage()) return unwrap(message.viewoncemessage().message());
    if (message.has_viewoncemessagev2()) return unwrap(message.viewoncemessagev2().message());
    if (message.has_documentwithcaptionmessage()) return unwrap(message.documentwithcaptionmessage().message());
    if (message.has_editedmessage()) return unwrap(message.editedmessage().message());
    return message;
}

std::optional<Content> decode_content(const pb::Message& m) {
    if (m.has_conversation()) return Text{m.conversation(), std::nullopt, {}, {}, {}};
    if (m.has_extendedtextmessage()) {
        const auto& e = m.extendedtextmessage();
        Text text{e.text(), std::nullopt, {}, e.title(), e.description()};
        if (e.has_contextinfo()) {
            text.reply = reply_from(e.contextinfo());
            text.mentions.assign(e.contextinfo().mentionedjid().begin(), e.contextinfo().mentionedjid().end());
        }
        return text;
    }
    if (m.has_imagemessage()) {
        Media media{.kind = MediaKind::Image};
        read_media_common(m.imagemessage(), media);
        media.caption = m.imagemessage().caption();
        media.width = m.imagemessage().width();
        media.height = m.imagemessage().height();
        return media;
    }
    if (m.has_videomessage()) {
        Media media{.kind = MediaKind::Video};
        read_media_common(m.videomessage(), media);
        media.caption = m.videomessage().caption();
        media.seconds = m.videomessage().seconds();
        media.width = m.videomessage().width();
        media.height = m.videomessage().height();
        return media;
    }
    if (m.has_audiomessage()) {
        Media media{.kind = MediaKind::Audio};
        read_media_common(m.audiomessage(), media);
        media.voice_note = m.audiomessage().ptt();
        media.seconds = m.audiomessage().seconds();
        return media;
    }
    if (m.has_documentmessage()) {
        Media media{.kind = MediaKind::Document};
        read_media_common(m.documentmessage(), media);
        media.file_name = m.documentmessage().filename();
        media.caption = m.documentmessage().caption();
        return media;
    }
    if (m.has_stickermessage()) {
        Media media{.kind = MediaKind::Sticker};
        read_media_common(m.stickermessage(), media);
        media.width = m.stickermessage().width();
        media.height = m.stickermessage().height();
        return media;
    }
    if (m.has_locationmessage()) {
        const auto& l = m.locationmessage();
        return Location{l.degreeslatitude(), l.degreeslongitude(), l.name(), l.address()};
    }
    if (m.has_contactmessage()) return ContactCard{m.contactmessage().displayname(), m.contactmessage().vcard()};
    if (m.has_reactionmessage()) {
        const auto& r = m.reactionmessage();
        return Reaction{ref_from(r.key()), r.text(), r.sendertimestampms()};
    }
    if (m.has_protocolmessage()) {
        const auto& p = m.protocolmessage();
        if (p.type() == pb::Message::ProtocolMessage::REVOKE) return Revoke{ref_from(p.key())};
        if (p.type() == pb::Message::ProtocolMessage::MESSAGE_EDIT) {
            const pb::Message& edited = unwrap(p.editedmessage());
            std::string text = edited.has_extendedtextmessage() ? edited.extendedtextmessage().text()
                                                                  : edited.conversation();
            return Edit{ref_from(p.key()), std::move(text), p.timestampms()};
        }
        return Unsupported{"protocol:" + std::to_string(static_cast<int>(p.type()))};
    }
    for (const auto* poll : {m.has_pollcreationmessage() ? &m.pollcreationmessage() : nullptr,
                             m.has_pollcreationmessagev2() ? &m.pollcreationmessagev2() : nullptr,
                             m.has_pollcreationmessagev3() ? &m.pollcreationmessagev3() : nullptr}) {
        if (!poll) continue;
        Poll out{poll->name(), {}, poll->selectableoptionscount()};
        for (const auto& option : poll->options()) out.options.push_back(option.optionname());
        return out;
    }
    return std::nullopt;
}

}  // namespace

std::string content_kind(const Content& content) {
    return std::visit(Overloaded{
                          [](const Text&) { return std::string("text"); },
                          [](const Media& m) {
                              if (m.kind == MediaKind::Audio && m.voice_note) return std::string("voice_note");
                              return std::string(media::kind_name(m.kind));
                          },
                          [](const Location&) { return std::string("location"); },
                          [](const ContactCard&) { return std::string("contact"); },
                          [](const Reaction&) { return std::string("reaction"); },
                          [](const Edit&) { return std::string("edit"); },
                          [](const Revoke&) { return std::string("revoke"); },
                          [](const Poll&) { return std::string("poll"); },
                          [](const Unsupported& u) { return "unsupported:" + u.kind; },
                      },
                      content);
}

Result<Bytes> encode_message(const Content& content, const EncodeOptions& options) {
    pb::Message message;
    if (auto s = encode_content(message, content, options); !s) return s.error();
    return serialize(message);
}

Result<DecodedMessage> decode_message(std::span<const std::uint8_t> bytes) {
    pb::Message outer;
    if (!outer.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        return Error{"malformed_message", "the decrypted message is not a valid Message protobuf"};
    }
    DecodedMessage decoded{Unsupported{"unknown"}, std::nullopt, std::nullopt, true};
    const pb::Message* message = &outer;
    if (outer.has_devicesentmessage()) {
        decoded.device_sent_to = outer.devicesentmessage().destinationjid();
        message = &outer.devicesentmessage().message();
    }
    const pb::Message& inner = unwrap(*message);
    for (const pb::Message* m : std::initializer_list<const pb::Message*>{&outer, message, &inner}) {
        if (m->has_senderkeydistributionmessage() && !decoded.sender_key) {
            const auto& skdm = m->senderkeydistributionmessage();
            decoded.sender_key = SenderKeyDistribution{skdm.groupid(), as_bytes(skdm.axolotlsenderkeydistributionmessage())};
        }
    }
    if (auto content = decode_content(inner)) {
        decoded.content = std::move(*content);
    } else if (decoded.sender_key) {
        decoded.has_content = false;
    }
    return decoded;
}

Result<Bytes> wrap_device_sent(std::span<const std::uint8_t> message, const std::string& destinationjid) {
    pb::Message original;
    if (!original.ParseFromArray(message.data(), static_cast<int>(message.size()))) {
        return Error{"malformed_message", "cannot wrap a message that does not parse"};
    }
    pb::Message wrapped;
    auto* sent = wrapped.mutable_devicesentmessage();
    sent->set_destinationjid(destinationjid);
    if (original.has_messagecontextinfo()) *wrapped.mutable_messagecontextinfo() = original.messagecontextinfo();
    *sent->mutable_message() = std::move(original);
    return serialize(wrapped);
}

Result<Bytes> encode_sender_key_distribution(const SenderKeyDistribution& distribution) {
    pb::Message message;
    auto* skdm = message.mutable_senderkeydistributionmessage();
    skdm->set_groupid(distribution.group);
    skdm->set_axolotlsenderkeydistributionmessage(as_string(distribution.distribution));
    return serialize(message);
}

}  // namespace wagw::wa::message
