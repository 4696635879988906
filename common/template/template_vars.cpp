#include "common/template/template_vars.hpp"

namespace wagw::tmpl {
namespace {

std::string first_word(std::string_view text) {
    std::size_t begin = 0;
    while (begin < text.size() && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    std::size_t end = begin;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    return std::string(text.substr(begin, end - begin));
}

std::optional<std::string> present(std::string value) {
    if (value.empty()) return std::nullopt;
    return value;
}

}  // namespace

std::string ascii_lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower;
}

std::optional<std::string> TemplateVars::find(std::string_view key) const {
    for (const auto& [field, value] : fields) {
        if (!value.empty() && ascii_lower(field) == key) return value;
    }
    if (key == "name") return present(name);
    if (key == "phone") return present(phone);
    if (key == "first_name") return present(first_word(name));
    return std::nullopt;
}

}  // namespace wagw::tmpl
