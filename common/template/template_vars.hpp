#pragma once
// The values a template reads: a contact's name, phone and custom fields. A stored contact, a campaign's
// inline recipient and a preview's "vars" all fill the same struct, so they render the same way.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wagw::tmpl {

struct TemplateVars {
    std::string name;
    std::string phone;
    std::map<std::string, std::string> fields;  // custom fields; names are matched ignoring ASCII case

    // The value for {{key}} (key in lower case): a custom field of that name first (so a contact's own
    // first_name wins over the derived one), then name, phone and first_name (the name's first word).
    // Nothing when absent or empty, so that the fallback applies.
    std::optional<std::string> find(std::string_view key) const;
};

std::string ascii_lower(std::string_view text);

}  // namespace wagw::tmpl
