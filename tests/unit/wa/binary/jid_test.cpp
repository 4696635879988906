#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "backend/wa/binary/jid.hpp"

using namespace wagw::wa::binary;

namespace {

struct ParseCase {
    std::string text;
    std::string user;
    std::string server;
    std::optional<std::uint16_t> device;
    std::uint8_t agent;
    std::uint16_t integrator;
    JidWireForm form;
    std::string canonical;  // to_string() of the parsed JID
};

}  // namespace

TEST_CASE("JID text parses into its parts, wire form and canonical text") {
    using F = JidWireForm;
    const std::optional<std::uint16_t> none;
    const ParseCase cases[] = {
        {"15551234567@s.whatsapp.net", "15551234567", "s.whatsapp.net", none, 0, 0, F::pair,
         "15551234567@s.whatsapp.net"},
        {"15551234567:3@s.whatsapp.net", "15551234567", "s.whatsapp.net", 3, 0, 0, F::ad,
         "15551234567:3@s.whatsapp.net"},
        {"15551234567:0@s.whatsapp.net", "15551234567", "s.whatsapp.net", 0, 0, 0, F::ad,
         "15551234567:0@s.whatsapp.net"},
        {"15551234567:255@s.whatsapp.net", "15551234567", "s.whatsapp.net", 255, 0, 0, F::ad,
         "15551234567:255@s.whatsapp.net"},
        {"15551234567.5:3@s.whatsapp.net", "15551234567", "s.whatsapp.net", 3, 5, 0, F::ad,
         "15551234567.5:3@s.whatsapp.net"},
        {"15551234567.5@s.whatsapp.net", "15551234567", "s.whatsapp.net", 0, 5, 0, F::ad,
         "15551234567.5:0@s.whatsapp.net"},
        {"123456789012345@lid", "123456789012345", "lid", none, 0, 0, F::pair, "123456789012345@lid"},
        {"123456789012345:3@lid", "123456789012345", "lid", 3, 0, 0, F::ad, "123456789012345:3@lid"},
        {"15551234567@hosted", "15551234567", "hosted", 0, 0, 0, F::ad, "15551234567:0@hosted"},
        {"15551234567:7@hosted", "15551234567", "hosted", 7, 0, 0, F::ad, "15551234567:7@hosted"},
        {"123456789012345:9@hosted.lid", "123456789012345", "hosted.lid", 9, 0, 0, F::ad,
         "123456789012345:9@hosted.lid"},
        {"120363012345678901@g.us", "120363012345678901", "g.us", none, 0, 0, F::pair,
         "120363012345678901@g.us"},
        {"15551234567-1600000000@g.us", "15551234567-1600000000", "g.us", none, 0, 0, F::pair,
         "15551234567-1600000000@g.us"},
        {"status@broadcast", "status", "broadcast", none, 0, 0, F::pair, "status@broadcast"},
        {"1600000000@broadcast", "1600000000", "broadcast", none, 0, 0, F::pair, "1600000000@broadcast"},
        {"16505361212@c.us", "16505361212", "c.us", none, 0, 0, F::pair, "16505361212@c.us"},
        {"120363123456789012@newsletter", "120363123456789012", "newsletter", none, 0, 0, F::pair,
         "120363123456789012@newsletter"},
        {"867051314767696@bot", "867051314767696", "bot", none, 0, 0, F::pair, "867051314767696@bot"},
        {"100012345678901:2@msgr", "100012345678901", "msgr", 2, 0, 0, F::fb, "100012345678901:2@msgr"},
        {"100012345678901@msgr", "100012345678901", "msgr", 0, 0, 0, F::fb, "100012345678901:0@msgr"},
        {"7-123456:2@interop", "123456", "interop", 2, 0, 7, F::interop, "7-123456:2@interop"},
        {"123456@interop", "123456", "interop", 0, 0, 0, F::interop, "0-123456:0@interop"},
        {"s.whatsapp.net", "", "s.whatsapp.net", none, 0, 0, F::pair, "s.whatsapp.net"},
        {"@s.whatsapp.net", "", "s.whatsapp.net", none, 0, 0, F::pair, "s.whatsapp.net"},
        {"g.us", "", "g.us", none, 0, 0, F::pair, "g.us"},
        {"@g.us", "", "g.us", none, 0, 0, F::pair, "g.us"},
        {"@broadcast", "", "broadcast", none, 0, 0, F::pair, "broadcast"},
        {"@lid", "", "lid", none, 0, 0, F::pair, "lid"},
        {"@hosted", "", "hosted", none, 0, 0, F::pair, "hosted"},
        {"@hosted.lid", "", "hosted.lid", none, 0, 0, F::pair, "hosted.lid"},
        {"@c.us", "", "c.us", none, 0, 0, F::pair, "c.us"},
        {"@newsletter", "", "newsletter", none, 0, 0, F::pair, "newsletter"},
        {"server@c.us", "server", "c.us", none, 0, 0, F::pair, "server@c.us"},
        {"0@c.us", "0", "c.us", none, 0, 0, F::pair, "0@c.us"},
        {"caf\xC3\xA9@s.whatsapp.net", "caf\xC3\xA9", "s.whatsapp.net", none, 0, 0, F::pair,
         "caf\xC3\xA9@s.whatsapp.net"},
        {"42@some-new.server", "42", "some-new.server", none, 0, 0, F::pair, "42@some-new.server"},
        {"@some-new.server", "", "some-new.server", none, 0, 0, F::pair, "@some-new.server"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto parsed = parse_jid(c.text);
        REQUIRE(parsed.ok());
        CHECK(parsed->user == c.user);
        CHECK(parsed->server == c.server);
        CHECK(parsed->device == c.device);
        CHECK(int(parsed->agent) == int(c.agent));
        CHECK(parsed->integrator == c.integrator);
        CHECK(parsed->wire_form() == c.form);
        CHECK(parsed->to_string() == c.canonical);
        // The canonical text is a fixed point: it parses back to the same JID.
        auto again = parse_jid(parsed->to_string());
        REQUIRE(again.ok());
        CHECK(*again == *parsed);
    }
}

TEST_CASE("AD_JID domain types follow the server") {
    CHECK(parse_jid("1:2@s.whatsapp.net")->domain_type() == 0);
    CHECK(parse_jid("1:2@lid")->domain_type() == 1);
    CHECK(parse_jid("1:2@hosted")->domain_type() == 128);
    CHECK(parse_jid("1:2@hosted.lid")->domain_type() == 129);
    CHECK(parse_jid("1.7:2@s.whatsapp.net")->domain_type() == 7);
}

TEST_CASE("AD_JID bytes map to the right server") {
    struct Case {
        std::uint8_t domain;
        std::string server;
        std::uint8_t agent;
    };
    const Case cases[] = {{0, "s.whatsapp.net", 0}, {1, "lid", 0},
                          {128, "hosted", 0},       {129, "hosted.lid", 0},
                          {2, "s.whatsapp.net", 2}, {200, "s.whatsapp.net", 200}};
    for (const auto& c : cases) {
        INFO(int(c.domain));
        Jid jid = jid_from_ad(c.domain, 4, "15551234567");
        CHECK(jid.server == c.server);
        CHECK(int(jid.agent) == int(c.agent));
        CHECK(jid.device == std::optional<std::uint16_t>(4));
        CHECK(int(jid.domain_type()) == int(c.domain));  // so the encoder writes the same byte back
        CHECK(jid.wire_form() == JidWireForm::ad);
    }
}

TEST_CASE("malformed JID text is rejected with a reason") {
    struct Case {
        std::string text;
        std::string mentions;
    };
    const Case cases[] = {
        {"", "empty"},
        {"15551234567", "known server"},
        {"example.com", "known server"},
        {"a@b@s.whatsapp.net", "more than one '@'"},
        {"15551234567@", "server"},
        {"15551234567@S.WhatsApp.net", "server"},
        {"15551234567@s..net", "server"},
        {"15551234567@.lid", "server"},
        {"1555 1234567@s.whatsapp.net", "space"},
        {"15551234567@s.whatsapp.net\n", "control"},
        {std::string("155\0", 4) + "@s.whatsapp.net", "control"},
        {"15551234567:@s.whatsapp.net", "device"},
        {"15551234567:x@s.whatsapp.net", "device"},
        {"15551234567:-1@s.whatsapp.net", "device"},
        {"15551234567:+1@s.whatsapp.net", "device"},
        {"15551234567:01@s.whatsapp.net", "device"},
        {"15551234567:256@s.whatsapp.net", "0 to 255"},
        {"15551234567:65536@msgr", "0 to 65535"},
        {"15551234567:1:2@s.whatsapp.net", "device"},
        {":3@s.whatsapp.net", "user part is empty"},
        {"120363012345678901:1@g.us", "no device part"},
        {"status:1@broadcast", "no device part"},
        {"1.2@lid", "only meaningful on s.whatsapp.net"},
        {"1.x:2@s.whatsapp.net", "agent"},
        {"1.256:2@s.whatsapp.net", "agent"},
        {"1.1:2@s.whatsapp.net", "known domain"},
        {"1.128:2@s.whatsapp.net", "known domain"},
        {"1.2.3:4@s.whatsapp.net", "agent"},
        {"x-123:2@interop", "integrator"},
        {"70000-123:2@interop", "integrator"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto parsed = parse_jid(c.text);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == "invalid_jid");
        CHECK_THAT(parsed.error().message, Catch::Contains(c.mentions));
    }
}

TEST_CASE("JID text that is not UTF-8 is rejected without echoing it") {
    const std::string cases[] = {
        "\xFF@s.whatsapp.net",              // never valid
        "\xC0\xAF@s.whatsapp.net",          // overlong '/'
        "\xE0\x80\xAF@s.whatsapp.net",      // overlong, 3 bytes
        "\xED\xA0\x80@s.whatsapp.net",      // UTF-16 surrogate
        "\xF4\x90\x80\x80@s.whatsapp.net",  // above U+10FFFF
        "abc\xC3@s.whatsapp.net",           // cut sequence
        "15551234567@s.whatsapp.net\xE2\x82",
    };
    for (const auto& text : cases) {
        auto parsed = parse_jid(text);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == "invalid_jid");
        CHECK_THAT(parsed.error().message, Catch::Contains("UTF-8"));
        CHECK(parsed.error().message.find(text) == std::string::npos);
    }
}

TEST_CASE("without_device keeps user, server and integrator") {
    auto device = parse_jid("15551234567.5:3@s.whatsapp.net");
    REQUIRE(device.ok());
    Jid plain = device->without_device();
    CHECK(plain.to_string() == "15551234567@s.whatsapp.net");
    CHECK(plain.wire_form() == JidWireForm::pair);
    auto interop = parse_jid("7-123:2@interop");
    REQUIRE(interop.ok());
    CHECK(interop->without_device().integrator == 7);
}
