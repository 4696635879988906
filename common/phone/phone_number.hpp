#pragma once
// Phone numbers as people type them ("+49 151 5550-001", "0049 ...", "(0151) 555 0001") turned into the
// E.164 digits WhatsApp uses as the user part of a JID. Shared by the REST API, the browser app's forms and the
// command line, so all three accept and reject the same input with the same words.
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace wagw::phone {

struct NormalizeOptions {
    // Country calling code used for national numbers (a leading trunk "0"), e.g. "49"; empty: such numbers
    // are refused because we cannot guess the country.
    std::string default_country_code;
};

// Returns digits only (country code first), 8 to 15 of them. Errors use code "invalid_phone".
Result<std::string> normalize(std::string_view input, const NormalizeOptions& options = {});

// "4915155500001" -> "4915155500001@s.whatsapp.net"
std::string user_jid(std::string_view e164_digits);

}  // namespace wagw::phone
