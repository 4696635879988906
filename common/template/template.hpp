#pragma once
// Message templates: parsed once into a small tree, rendered many times (one per recipient). The same code
// runs in the gateway and in the browser app, so a preview and the message sent can never differ.
//
// Syntax (every rule has a unit test in tests/unit/common/template_test.cpp):
//   {{name}}              a variable: a contact's name, phone or custom field, or a built-in
//   {{city|our shop}}     the text after | stands in when the variable is missing or empty
//   {{name:upper}}        a filter: upper, lower, title
//   {{first_name}}        the first word of the name (unless the contact has a first_name field)
//   {{today}}             the date (YYYY-MM-DD) in the render's time zone
//   {{date:+3d}}          that date moved by days (d), weeks (w), months (m) or years (y); - goes back
//   {Hi|Hello|Hey}        spintax: one option per recipient, stable for that recipient; options may nest
//   \{ \} \| \\           a literal brace, bar or backslash
// Everything else, WhatsApp's *bold*, _italic_, ~strike~ and ```monospace``` included, is copied unchanged.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/template/template_vars.hpp"
#include "common/template/time_zone.hpp"

namespace wagw::tmpl {

// Where a template went wrong: 1-based line and column (columns count characters, not bytes) and a reason in
// plain words.
struct TemplateError {
    int line = 1;
    int column = 1;
    std::string reason;
    std::string message() const;  // "line 2, column 7: <reason>"
};

enum class Filter { None, Upper, Lower, Title };

// A date offset from {{date:+3d}}.
struct DateShift {
    int amount = 0;
    char unit = 'd';  // d, w, m, y
};

struct Node;
using Nodes = std::vector<Node>;

struct TextNode {
    std::string text;
};

struct VariableNode {
    std::string name;  // lower case, as looked up
    Filter filter = Filter::None;
    std::optional<DateShift> shift;  // date/today only
    std::optional<std::string> fallback;
};

struct SpinNode {
    std::vector<Nodes> options;
    std::uint32_t position = 0;  // byte offset of its { in the source: with the recipient, picks the option
};

struct Node {
    std::variant<TextNode, VariableNode, SpinNode> value;
};

// What one recipient gets.
struct Rendered {
    std::string text;
    // The options spintax chose, 1-based, in the order they were met ("2.1"); empty without spintax.
    std::string variant;
    // Variables that had neither a value nor a fallback (they render as nothing), each once.
    std::vector<std::string> missing;
};

struct RenderContext {
    const TemplateVars& vars;
    // Picks the spintax options: the same key always gets the same ones. Empty: every group's first option
    // (the template "as written").
    std::string recipient_key;
    std::int64_t now_ms = 0;  // unix ms, for {{today}} and {{date:..}}
    const TimeZone& zone;
};

class Template {
public:
    static std::variant<Template, TemplateError> parse(std::string_view source);

    Rendered render(const RenderContext& context) const;
    // The variable names used, each once, in the order they first appear (built-ins included).
    std::vector<std::string> variables() const;
    bool has_spintax() const { return spin_groups_ > 0; }
    const Nodes& nodes() const { return nodes_; }

private:
    Nodes nodes_;
    std::size_t spin_groups_ = 0;
};

// The option of a spintax group with `option_count` options at byte `position` for `recipient_key`: a stable
// hash, so that the choice never changes between runs, machines or builds (native and browser).
std::size_t spin_choice(std::string_view recipient_key, std::uint32_t position, std::size_t option_count);

}  // namespace wagw::tmpl
