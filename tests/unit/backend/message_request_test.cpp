// What POST /messages accepts: every kind normalized, `to` in its written forms, and each bad input refused
// with its code and the field at fault; and a stored request turning back into what the client sends.
#include <catch2/catch.hpp>

#include "backend/services/message_request.hpp"

using namespace wagw;
using namespace wagw::services;
using Json = nlohmann::json;

TEST_CASE("to: phone numbers as people write them, user JIDs, LIDs and groups") {
    CHECK(*recipient_jid("+49 151 5550-001") == "491515550001@s.whatsapp.net");
    CHECK(*recipient_jid("0049 (151) 5550001") == "491515550001@s.whatsapp.net");
    CHECK(*recipient_jid("491515550001@s.whatsapp.net") == "491515550001@s.whatsapp.net");
    CHECK(*recipient_jid("491515550001@c.us") == "491515550001@s.whatsapp.net");
    CHECK(*recipient_jid("123456789012345@lid") == "123456789012345@lid");
    CHECK(*recipient_jid("120363000000000001@g.us") == "120363000000000001@g.us");
    CHECK(*recipient_jid("15551234567-1600000000@g.us") == "15551234567-1600000000@g.us");
    CHECK(recipient_jid("12").error().code == "invalid_phone");
    CHECK(recipient_jid("hello").error().code == "invalid_phone");
    for (const char* bad : {"user@example.com", "abc@s.whatsapp.net", "4915550001:3@s.whatsapp.net", "@g.us",
                            "x@lid", "123@broadcast"})
        CHECK(recipient_jid(bad).error().code == "invalid_field");
}

TEST_CASE("every kind is normalized, and turns back into what the client sends") {
    std::string field;
    auto text = parse_send_request(
        {{"to", "+4915550001"}, {"type", "text"}, {"text", "hi @x"}, {"mentions", {"4915550002"}}}, field);
    REQUIRE(text.ok());
    CHECK(text->to == "4915550001@s.whatsapp.net");
    CHECK(text->normalized["mentions"] == Json::array({"4915550002@s.whatsapp.net"}));
    auto prepared = prepare_send(text->normalized, {});
    REQUIRE(prepared.ok());
    const auto& content = std::get<wa::message::Content>(prepared->what);
    CHECK(std::get<wa::message::Text>(content).mentions ==
          std::vector<std::string>{"4915550002@s.whatsapp.net"});

    auto image = parse_send_request(
        {{"to", "4915550001"}, {"type", "image"}, {"media_base64", "aGVsbG8="}, {"caption", "look"}}, field);
    REQUIRE(image.ok());
    CHECK(image->normalized["mimetype"] == "image/jpeg");
    CHECK(image->normalized["media_size"] == 5);
    auto file = prepare_send(image->normalized, {});
    REQUIRE(file.ok());
    const auto& media = std::get<wa::client::WaClient::MediaFile>(file->what);
    CHECK(std::string(media.bytes.begin(), media.bytes.end()) == "hello");
    CHECK(media.caption == "look");

    auto voice =
        parse_send_request({{"to", "4915550001"}, {"type", "voice"}, {"media_base64", "aGVsbG8="}}, field);
    REQUIRE(voice.ok());
    CHECK(std::get<wa::client::WaClient::MediaFile>(prepare_send(voice->normalized, {})->what).voice_note);

    auto contact = parse_send_request(
        {{"to", "4915550001"}, {"type", "contact"}, {"name", "Ann"}, {"phone", "+49 151 5550 003"}}, field);
    REQUIRE(contact.ok());
    CHECK(contact->normalized["vcard"].get<std::string>().find("waid=491515550003") != std::string::npos);

    auto poll = parse_send_request(
        {{"to", "4915550001"}, {"type", "poll"}, {"question", "Lunch?"}, {"options", {"yes", "no"}}}, field);
    REQUIRE(poll.ok());
    CHECK(std::get<wa::message::Poll>(std::get<wa::message::Content>(prepare_send(poll->normalized, {})->what))
              .options.size() == 2);

    auto location = parse_send_request(
        {{"to", "4915550001"}, {"type", "location"}, {"latitude", 52.5}, {"longitude", 13.4}}, field);
    REQUIRE(location.ok());
    auto reaction =
        parse_send_request({{"type", "reaction"}, {"message_id", "3EB0AB"}, {"emoji", "👍"}}, field);
    REQUIRE(reaction.ok());
    CHECK(reaction->target_id == "3EB0AB");
    CHECK(reaction->to.empty());
}

TEST_CASE("bad requests name their field") {
    struct Case {
        Json body;
        std::string code, field;
    };
    const std::vector<Case> cases = {
        {Json::array(), "invalid_json", ""},
        {{{"to", "4915550001"}}, "missing_field", "type"},
        {{{"to", "4915550001"}, {"type", "fax"}}, "invalid_field", "type"},
        {{{"type", "text"}, {"text", "x"}}, "missing_field", "to"},
        {{{"to", 4915550001}, {"type", "text"}, {"text", "x"}}, "invalid_field", "to"},
        {{{"to", "12"}, {"type", "text"}, {"text", "x"}}, "invalid_phone", "to"},
        {{{"to", "4915550001"}, {"type", "text"}}, "missing_field", "text"},
        {{{"to", "4915550001"}, {"type", "text"}, {"text", ""}}, "invalid_field", "text"},
        {{{"to", "4915550001"}, {"type", "text"}, {"text", 5}}, "invalid_field", "text"},
        {{{"to", "4915550001"}, {"type", "image"}}, "missing_field", "media_base64"},
        {{{"to", "4915550001"}, {"type", "image"}, {"media_base64", "***"}}, "invalid_field", "media_base64"},
        {{{"to", "4915550001"}, {"type", "image"}, {"media_base64", "aGk="}, {"mimetype", "png"}},
         "invalid_field",
         "mimetype"},
        {{{"to", "4915550001"}, {"type", "sticker"}, {"media_base64", "aGk="}, {"caption", "no"}},
         "invalid_field",
         "caption"},
        {{{"to", "4915550001"}, {"type", "location"}, {"latitude", 91}, {"longitude", 0}},
         "invalid_field",
         "latitude"},
        {{{"to", "4915550001"}, {"type", "location"}, {"latitude", 1}}, "missing_field", "longitude"},
        {{{"to", "4915550001"}, {"type", "location"}, {"latitude", "1"}, {"longitude", 0}},
         "invalid_field",
         "latitude"},
        {{{"to", "4915550001"}, {"type", "contact"}, {"name", "Ann"}}, "missing_field", "phone"},
        {{{"to", "4915550001"}, {"type", "poll"}, {"question", "q"}, {"options", {"a"}}},
         "invalid_field",
         "options"},
        {{{"to", "4915550001"}, {"type", "poll"}, {"question", "q"}, {"options", {"a", "a"}}},
         "invalid_field",
         "options"},
        {{{"to", "4915550001"},
          {"type", "poll"},
          {"question", "q"},
          {"options", {"a", "b"}},
          {"selectable_count", 3}},
         "invalid_field",
         "selectable_count"},
        {{{"type", "reaction"}, {"emoji", "x"}}, "missing_field", "message_id"},
        {{{"type", "reaction"}, {"message_id", "3EB0AB"}}, "missing_field", "emoji"},
        {{{"to", "4915550001"}, {"type", "text"}, {"text", "x"}, {"mentions", "4915550002"}},
         "invalid_field",
         "mentions"},
        {{{"to", "4915550001"}, {"type", "text"}, {"text", "x"}, {"mentions", {"x@g.us"}}},
         "invalid_field",
         "mentions"},
        {{{"to", "4915550001"}, {"type", "text"}, {"text", "x"}, {"reply_to", 7}},
         "invalid_field",
         "reply_to"},
    };
    for (const auto& c : cases) {
        std::string field;
        auto parsed = parse_send_request(c.body, field);
        INFO(c.body.dump());
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == c.code);
        CHECK(field == c.field);
    }
}
