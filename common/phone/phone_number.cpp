#include "common/phone/phone_number.hpp"

#include <cctype>

namespace wagw::phone {
namespace {

Error invalid(std::string message) { return {"invalid_phone", std::move(message)}; }

bool is_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\t'; }

}  // namespace

Result<std::string> normalize(std::string_view input, const NormalizeOptions& options) {
    std::string digits;
    bool international = false;
    bool seen_digit = false;
    for (std::size_t i = 0; i < input.size(); ++i) {
        const char c = input[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digits.push_back(c);
            seen_digit = true;
        } else if (c == '+' && !seen_digit && !international) {
            international = true;
        } else if (!is_separator(c)) {
            return invalid("\"" + std::string(input) + "\" is not a phone number: unexpected '" + std::string(1, c) + "'");
        }
    }
    if (digits.empty()) return invalid("a phone number needs digits");
    if (!international && digits.starts_with("00")) {
        digits.erase(0, 2);  // 00 is the international prefix in most of the world
        international = true;
    }
    if (!international) {
        if (digits.front() == '0') {
            if (options.default_country_code.empty()) {
                return invalid("\"" + std::string(input) +
                               "\" is a national number; write it with its country code, e.g. +49 151 ...");
            }
            digits = options.default_country_code + digits.substr(1);
        }
        // Otherwise the digits already start with a country code (how WhatsApp writes numbers).
    }
    if (digits.front() == '0') return invalid("a country code never starts with 0");
    if (digits.size() < 8 || digits.size() > 15) {
        return invalid("\"" + std::string(input) + "\" has " + std::to_string(digits.size()) +
                       " digits; phone numbers with country code have 8 to 15");
    }
    return digits;
}

std::string user_jid(std::string_view e164_digits) { return std::string(e164_digits) + "@s.whatsapp.net"; }

}  // namespace wagw::phone
