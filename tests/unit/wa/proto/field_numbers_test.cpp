// Field numbers are the wire contract: each check sets one field and reads the tag that protoc emitted,
// against the numbers in shared/notes/protocol.md §2.3, §2.4, §3, §12 (cross-checked with Baileys' WAProto).
#include <wa/proto/adv.pb.h>
#include <wa/proto/cert_chain.pb.h>
#include <wa/proto/client_payload.pb.h>
#include <wa/proto/device_props.pb.h>
#include <wa/proto/e2e_message.pb.h>
#include <wa/proto/handshake.pb.h>
#include <wa/proto/message_key.pb.h>
#include <wa/proto/web_message_info.pb.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using namespace wagw::wa::proto;

namespace {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLength = 2, kFixed32 = 5 };

// Decodes the first tag of a serialized message: (field number, wire type).
std::pair<uint32_t, uint32_t> first_tag(const std::string& bytes) {
    uint64_t value = 0;
    int shift = 0;
    for (unsigned char byte : bytes) {
        value |= static_cast<uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) break;
        shift += 7;
    }
    return {static_cast<uint32_t>(value >> 3), static_cast<uint32_t>(value & 7)};
}

template <class Message, class Setter>
std::pair<uint32_t, uint32_t> tag_of(Setter set) {
    Message message;
    set(message);
    return first_tag(message.SerializePartialAsString());  // partial: WebMessageInfo.key is required
}

using Tag = std::pair<uint32_t, uint32_t>;

}  // namespace

TEST_CASE("Handshake and certificate field numbers") {
    CHECK(tag_of<HandshakeMessage>([](auto& m) { m.mutable_clienthello()->set_ephemeral("e"); }) == Tag{2, kLength});
    CHECK(tag_of<HandshakeMessage>([](auto& m) { m.mutable_serverhello()->set_static_("s"); }) == Tag{3, kLength});
    CHECK(tag_of<HandshakeMessage>([](auto& m) { m.mutable_clientfinish()->set_payload("p"); }) == Tag{4, kLength});
    CHECK(tag_of<HandshakeMessage::ServerHello>([](auto& m) { m.set_payload("p"); }) == Tag{3, kLength});
    CHECK(tag_of<HandshakeMessage::ClientFinish>([](auto& m) { m.set_static_("s"); }) == Tag{1, kLength});
    CHECK(tag_of<CertChain>([](auto& m) { m.mutable_intermediate()->set_details("d"); }) == Tag{2, kLength});
    CHECK(tag_of<CertChain::NoiseCertificate::Details>([](auto& m) { m.set_issuerserial(1); }) == Tag{2, kVarint});
    CHECK(tag_of<CertChain::NoiseCertificate::Details>([](auto& m) { m.set_notafter(1); }) == Tag{5, kVarint});
}

TEST_CASE("ClientPayload field numbers") {
    CHECK(tag_of<ClientPayload>([](auto& m) { m.set_username(1); }) == Tag{1, kVarint});
    CHECK(tag_of<ClientPayload>([](auto& m) { m.set_sessionid(1); }) == Tag{9, kFixed32});
    CHECK(tag_of<ClientPayload>([](auto& m) { m.set_connecttype(ClientPayload::WIFI_UNKNOWN); }) == Tag{12, kVarint});
    CHECK(tag_of<ClientPayload>([](auto& m) { m.set_device(3); }) == Tag{18, kVarint});
    CHECK(tag_of<ClientPayload>([](auto& m) { m.mutable_devicepairingdata()->set_eregid("r"); }) == Tag{19, kLength});
    CHECK(tag_of<ClientPayload>([](auto& m) { m.set_pull(true); }) == Tag{33, kVarint});
    CHECK(tag_of<ClientPayload>([](auto& m) { m.set_liddbmigrated(true); }) == Tag{41, kVarint});
    CHECK(tag_of<ClientPayload::UserAgent>([](auto& m) { m.set_releasechannel(ClientPayload::UserAgent::RELEASE); }) ==
          Tag{10, kVarint});
    CHECK(tag_of<ClientPayload::UserAgent>([](auto& m) { m.set_localecountryiso31661alpha2("US"); }) ==
          Tag{12, kLength});
    CHECK(tag_of<ClientPayload::WebInfo>([](auto& m) { m.set_websubplatform(ClientPayload::WebInfo::WEB_BROWSER); }) ==
          Tag{4, kVarint});
    CHECK(tag_of<ClientPayload::DevicePairingRegistrationData>([](auto& m) { m.set_deviceprops("p"); }) ==
          Tag{8, kLength});
    CHECK(ClientPayload::UserAgent::WEB == 14);
    CHECK(tag_of<DeviceProps>([](auto& m) { m.set_requirefullsync(true); }) == Tag{4, kVarint});
    CHECK(tag_of<DeviceProps::HistorySyncConfig>([](auto& m) { m.set_thumbnailsyncdayslimit(1); }) == Tag{19, kVarint});
    CHECK(DeviceProps::CHROME == 1);
}

TEST_CASE("ADV field numbers") {
    CHECK(tag_of<ADVSignedDeviceIdentityHMAC>([](auto& m) { m.set_accounttype(HOSTED); }) == Tag{3, kVarint});
    CHECK(tag_of<ADVSignedDeviceIdentity>([](auto& m) { m.set_devicesignature("s"); }) == Tag{4, kLength});
    CHECK(tag_of<ADVDeviceIdentity>([](auto& m) { m.set_keyindex(1); }) == Tag{3, kVarint});
    CHECK(tag_of<ADVKeyIndexList>([](auto& m) { m.add_validindexes(1); }) == Tag{4, kLength});  // packed
    CHECK(tag_of<ADVSignedKeyIndexList>([](auto& m) { m.set_accountsignaturekey("k"); }) == Tag{3, kLength});
}

TEST_CASE("E2E Message field numbers") {
    CHECK(tag_of<Message>([](auto& m) { m.set_conversation("hi"); }) == Tag{1, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_senderkeydistributionmessage()->set_groupid("g"); }) ==
          Tag{2, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_imagemessage()->set_caption("c"); }) == Tag{3, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_contactmessage()->set_displayname("n"); }) == Tag{4, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_locationmessage()->set_name("n"); }) == Tag{5, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_extendedtextmessage()->set_text("t"); }) == Tag{6, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_documentmessage()->set_filename("f"); }) == Tag{7, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_audiomessage()->set_ptt(true); }) == Tag{8, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_videomessage()->set_seconds(1); }) == Tag{9, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_protocolmessage()->set_type(Message::ProtocolMessage::REVOKE); }) ==
          Tag{12, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_stickermessage()->set_isanimated(true); }) == Tag{26, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_devicesentmessage()->set_destinationjid("j"); }) == Tag{31, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_messagecontextinfo()->set_messagesecret("s"); }) == Tag{35, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_reactionmessage()->set_text("x"); }) == Tag{46, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_pollcreationmessage()->set_name("p"); }) == Tag{49, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_editedmessage()->mutable_message(); }) == Tag{58, kLength});
    CHECK(tag_of<Message>([](auto& m) { m.mutable_pollcreationmessagev3()->set_name("p"); }) == Tag{64, kLength});

    CHECK(tag_of<Message::ImageMessage>([](auto& m) { m.set_directpath("p"); }) == Tag{11, kLength});
    CHECK(tag_of<Message::VideoMessage>([](auto& m) { m.set_caption("c"); }) == Tag{7, kLength});
    CHECK(tag_of<Message::AudioMessage>([](auto& m) { m.set_mediakey("k"); }) == Tag{7, kLength});
    CHECK(tag_of<Message::DocumentMessage>([](auto& m) { m.set_caption("c"); }) == Tag{20, kLength});
    CHECK(tag_of<Message::StickerMessage>([](auto& m) { m.set_mimetype("m"); }) == Tag{5, kLength});
    CHECK(tag_of<Message::LocationMessage>([](auto& m) { m.set_degreeslatitude(1.5); }) == Tag{1, kFixed64});
    CHECK(tag_of<Message::LocationMessage>([](auto& m) { m.set_speedinmps(1.5f); }) == Tag{8, kFixed32});
    CHECK(tag_of<Message::ContactMessage>([](auto& m) { m.set_vcard("v"); }) == Tag{16, kLength});
    CHECK(tag_of<Message::ReactionMessage>([](auto& m) { m.set_sendertimestampms(1); }) == Tag{4, kVarint});
    CHECK(tag_of<Message::PollCreationMessage>([](auto& m) { m.set_selectableoptionscount(1); }) == Tag{4, kVarint});
    CHECK(tag_of<Message::ProtocolMessage>([](auto& m) { m.mutable_editedmessage(); }) == Tag{14, kLength});
    CHECK(Message::ProtocolMessage::MESSAGE_EDIT == 14);
    CHECK(tag_of<Message::ExtendedTextMessage>([](auto& m) { m.mutable_contextinfo(); }) == Tag{17, kLength});
    CHECK(tag_of<ContextInfo>([](auto& m) { m.add_mentionedjid("j"); }) == Tag{15, kLength});
    CHECK(tag_of<ContextInfo>([](auto& m) { m.set_isforwarded(true); }) == Tag{22, kVarint});
    CHECK(tag_of<MessageKey>([](auto& m) { m.set_participant("p"); }) == Tag{4, kLength});
    CHECK(tag_of<WebMessageInfo>([](auto& m) { m.set_pushname("n"); }) == Tag{19, kLength});
}

TEST_CASE("A message round-trips, and garbage is refused") {
    Message message;
    message.mutable_extendedtextmessage()->set_text("hello");
    message.mutable_extendedtextmessage()->mutable_contextinfo()->set_stanzaid("ABC");
    message.mutable_extendedtextmessage()->mutable_contextinfo()->mutable_quotedmessage()->set_conversation("quoted");
    const std::string bytes = message.SerializeAsString();
    Message parsed;
    REQUIRE(parsed.ParseFromString(bytes));
    CHECK(parsed.extendedtextmessage().contextinfo().quotedmessage().conversation() == "quoted");

    Message garbled;
    CHECK_FALSE(garbled.ParseFromString(std::string("\x0a\x50short", 7)));  // length runs past the end
    WebMessageInfo without_key;
    CHECK_FALSE(without_key.ParseFromString(std::string("\x18\x01", 2)));  // timestamp only: required key missing
}

TEST_CASE("Unknown fields survive a parse/serialize round trip") {
    // Field 1000 (varint 5) is in no schema of ours; relayed messages must keep it.
    const std::string unknown("\xc0\x3e\x05", 3);
    Message parsed;
    REQUIRE(parsed.ParseFromString(unknown));
    CHECK(parsed.SerializeAsString() == unknown);
}
