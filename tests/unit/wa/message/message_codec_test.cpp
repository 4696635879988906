#include <catch2/catch.hpp>

#include <wa/proto/e2e_message.pb.h>

#include "backend/wa/message/message_codec.hpp"

using namespace wagw::wa::message;
using wagw::wa::media::MediaKind;

namespace {

Content round_trip(const Content& content) {
    auto bytes = encode_message(content);
    REQUIRE(bytes.ok());
    auto decoded = decode_message(*bytes);
    REQUIRE(decoded.ok());
    CHECK(decoded->has_content);
    return decoded->content;
}

MessageRef ref(const char* id) { return {"4915550002@s.whatsapp.net", id, true, ""}; }

Media sample_media(MediaKind kind) {
    Media media;
    media.kind = kind;
    media.mimetype = "application/octet-stream";
    media.url = "https://mmg.whatsapp.net/v/t62/x.enc";
    media.direct_path = "/v/t62/x.enc?ccb=1";
    media.media_key = Bytes(32, 1);
    media.file_sha256 = Bytes(32, 2);
    media.file_enc_sha256 = Bytes(32, 3);
    media.file_length = 12345;
    media.media_key_timestamp = 1700000000;
    return media;
}

}  // namespace

TEST_CASE("every kind of content survives encode and decode") {
    Text plain{"hello"};
    CHECK(round_trip(plain) == Content{plain});

    Text reply{"yes", Reply{{"4915550002@s.whatsapp.net", "3EB0ABC", false, ""}, "are you there?"}, {}, {}, {}};
    CHECK(round_trip(reply) == Content{reply});

    Text mention{"hi @4915550003", std::nullopt, {"4915550003@s.whatsapp.net"}, {}, {}};
    CHECK(round_trip(mention) == Content{mention});

    Media image = sample_media(MediaKind::Image);
    image.caption = "a photo";
    image.width = 640;
    image.height = 480;
    CHECK(round_trip(image) == Content{image});

    Media note = sample_media(MediaKind::Audio);
    note.voice_note = true;
    note.seconds = 7;
    CHECK(round_trip(note) == Content{note});
    CHECK(content_kind(note) == "voice_note");

    Media document = sample_media(MediaKind::Document);
    document.file_name = "invoice.pdf";
    document.caption = "this month";
    CHECK(round_trip(document) == Content{document});

    for (MediaKind kind : {MediaKind::Video, MediaKind::Sticker}) {
        Media m = sample_media(kind);
        CHECK(round_trip(m) == Content{m});
    }

    Location location{52.52, 13.405, "Berlin", "Unter den Linden"};
    CHECK(round_trip(location) == Content{location});

    ContactCard card{"Ada", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD"};
    CHECK(round_trip(card) == Content{card});

    Reaction reaction{ref("3EB0AAA"), "👍", 1700000000123};
    CHECK(round_trip(reaction) == Content{reaction});

    Edit edit{ref("3EB0BBB"), "fixed typo", 1700000000456};
    CHECK(round_trip(edit) == Content{edit});

    Revoke revoke{ref("3EB0CCC")};
    CHECK(round_trip(revoke) == Content{revoke});

    Poll single{"Lunch?", {"Pizza", "Sushi", "Salad"}, 1};
    CHECK(round_trip(single) == Content{single});
    Poll multi{"Which days?", {"Mon", "Tue"}, 0};
    CHECK(round_trip(multi) == Content{multi});
}

TEST_CASE("a poll carries a fresh message secret so that votes can be encrypted") {
    auto bytes = encode_message(Poll{"Q", {"a", "b"}, 1});
    REQUIRE(bytes.ok());
    wagw::wa::proto::Message parsed;
    REQUIRE(parsed.ParseFromArray(bytes->data(), static_cast<int>(bytes->size())));
    CHECK(parsed.messagecontextinfo().messagesecret().size() == 32);
    CHECK(parsed.has_pollcreationmessagev3());
}

TEST_CASE("content that cannot be sent is refused with a reason") {
    CHECK_FALSE(encode_message(Text{""}).ok());
    CHECK_FALSE(encode_message(Poll{"Q", {"only one"}, 1}).ok());
    CHECK_FALSE(encode_message(Poll{"Q", {"a", "b"}, 3}).ok());
    Media history = sample_media(MediaKind::History);
    CHECK_FALSE(encode_message(history).ok());
    CHECK_FALSE(encode_message(Unsupported{"call"}).ok());
}

TEST_CASE("device-sent copies, wrappers and sender keys are unwrapped on decode") {
    auto original = encode_message(Text{"to my friend"});
    REQUIRE(original.ok());
    auto wrapped = wrap_device_sent(*original, "4915550002@s.whatsapp.net");
    REQUIRE(wrapped.ok());
    auto decoded = decode_message(*wrapped);
    REQUIRE(decoded.ok());
    CHECK(decoded->device_sent_to == std::optional<std::string>("4915550002@s.whatsapp.net"));
    CHECK(std::get<Text>(decoded->content).text == "to my friend");

    wagw::wa::proto::Message ephemeral;
    ephemeral.mutable_ephemeralmessage()->mutable_message()->set_conversation("disappearing");
    std::string bytes;
    ephemeral.SerializeToString(&bytes);
    auto unwrapped = decode_message(Bytes(bytes.begin(), bytes.end()));
    REQUIRE(unwrapped.ok());
    CHECK(std::get<Text>(unwrapped->content).text == "disappearing");

    auto skdm = encode_sender_key_distribution({"120363000000000001@g.us", Bytes{0x33, 1, 2, 3}});
    REQUIRE(skdm.ok());
    auto only_key = decode_message(*skdm);
    REQUIRE(only_key.ok());
    CHECK_FALSE(only_key->has_content);
    REQUIRE(only_key->sender_key.has_value());
    CHECK(only_key->sender_key->group == "120363000000000001@g.us");
    CHECK(only_key->sender_key->distribution == Bytes{0x33, 1, 2, 3});
}

TEST_CASE("garbage is a clear error, an unknown message is named unsupported") {
    auto garbage = decode_message(Bytes{0xFF, 0xFF, 0xFF});
    REQUIRE_FALSE(garbage.ok());
    CHECK(garbage.error().code == "malformed_message");
    auto empty = decode_message(Bytes{});
    REQUIRE(empty.ok());
    CHECK(std::holds_alternative<Unsupported>(empty->content));
}
