#include <catch2/catch.hpp>

#include "common/phone/phone_number.hpp"

using namespace wagw;

TEST_CASE("phone numbers as people type them become E.164 digits") {
    const phone::NormalizeOptions germany{"49"};
    struct Case {
        const char* input;
        const char* digits;
    };
    for (const Case& c : {Case{"+49 151 5550-0001", "4915155500001"}, Case{"0049 151 55500001", "4915155500001"},
                          Case{"(0151) 555 00001", "4915155500001"}, Case{"4915155500001", "4915155500001"},
                          Case{"+1 (415) 555-2671", "14155552671"}, Case{"+44 20 7946 0958", "442079460958"},
                          Case{"  +55 11 98765-4321 ", "5511987654321"}}) {
        INFO(c.input);
        auto digits = phone::normalize(c.input, germany);
        REQUIRE(digits.ok());
        CHECK(*digits == c.digits);
    }
    CHECK(phone::user_jid("4915155500001") == "4915155500001@s.whatsapp.net");
}

TEST_CASE("what is not a phone number is refused with a reason") {
    struct Case {
        const char* input;
        const char* mentions;
    };
    for (const Case& c : {Case{"", "digits"}, Case{"+49 151 abc", "unexpected 'a'"}, Case{"+49+151", "unexpected '+'"},
                          Case{"0151 5550001", "country code"}, Case{"+0 151 5550001", "never starts with 0"},
                          Case{"+49 151", "8 to 15"}, Case{"+49 1515 5500 0012 3456", "8 to 15"}}) {
        INFO(c.input);
        auto digits = phone::normalize(c.input);
        REQUIRE_FALSE(digits.ok());
        CHECK(digits.error().code == "invalid_phone");
        CHECK_THAT(digits.error().message, Catch::Contains(c.mentions));
    }
}
