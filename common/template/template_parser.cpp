// Template::parse: one pass over the source, recursive only for nested spintax (depth capped, so a hostile
// template cannot exhaust the stack). Every error points at the character a person should look at.
#include "common/template/template.hpp"

namespace wagw::tmpl {
namespace {

// Deeper nesting than this is certainly a mistake, and the cap keeps recursion bounded.
constexpr int kMaxSpinDepth = 16;

bool escapable(char c) {
    return c == '{' || c == '}' || c == '|' || c == '\\';
}

std::string trim(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    return std::string(text.substr(begin, end - begin));
}

// Offset of the first non-blank character at or after `from` (for error columns inside {{ }}).
std::size_t skip_blanks(std::string_view text, std::size_t from) {
    while (from < text.size() && (text[from] == ' ' || text[from] == '\t')) ++from;
    return from;
}

bool is_date_builtin(std::string_view name) {
    return name == "today" || name == "date";
}

std::optional<DateShift> parse_shift(std::string_view text) {
    if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
    const char unit = text.back();
    if (unit != 'd' && unit != 'w' && unit != 'm' && unit != 'y') return std::nullopt;
    const std::string_view digits = text.substr(1, text.size() - 2);
    if (digits.empty() || digits.size() > 4) return std::nullopt;
    int amount = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        amount = amount * 10 + (c - '0');
    }
    return DateShift{text[0] == '-' ? -amount : amount, unit};
}

std::optional<Filter> parse_filter(std::string_view name) {
    if (name == "upper") return Filter::Upper;
    if (name == "lower") return Filter::Lower;
    if (name == "title") return Filter::Title;
    return std::nullopt;
}

class Parser {
public:
    explicit Parser(std::string_view source) : src_(source) {}

    std::optional<TemplateError> run(Nodes& nodes, std::size_t& groups) {
        nodes = sequence(false);
        groups = groups_;
        return error_;
    }

private:
    void fail(std::size_t offset, std::string reason) {
        if (error_) return;
        TemplateError error;
        for (std::size_t k = 0; k < offset && k < src_.size(); ++k) {
            if (src_[k] == '\n') {
                ++error.line;
                error.column = 1;
            } else if ((static_cast<unsigned char>(src_[k]) & 0xC0) != 0x80) {
                ++error.column;  // a UTF-8 continuation byte belongs to the character before it
            }
        }
        error.reason = std::move(reason);
        error_ = std::move(error);
    }

    // Text, variables and spintax up to the end, or (inside a spintax group) up to its next | or }.
    Nodes sequence(bool in_group) {
        Nodes nodes;
        std::string text;
        auto flush = [&] {
            if (!text.empty()) nodes.push_back({TextNode{std::move(text)}});
            text.clear();
        };
        while (i_ < src_.size() && !error_) {
            const char c = src_[i_];
            if (c == '\\' && i_ + 1 < src_.size() && escapable(src_[i_ + 1])) {
                text += src_[i_ + 1];
                i_ += 2;
            } else if (c == '{' && i_ + 1 < src_.size() && src_[i_ + 1] == '{') {
                flush();
                if (auto variable = this->variable()) nodes.push_back({std::move(*variable)});
            } else if (c == '{') {
                flush();
                if (auto spin = this->spin()) nodes.push_back({std::move(*spin)});
            } else if (c == '}') {
                if (in_group) break;
                fail(i_, "this } closes nothing; write \\} for a literal brace");
            } else if (c == '|' && in_group) {
                break;
            } else {
                text += c;
                ++i_;
            }
        }
        flush();
        return nodes;
    }

    std::optional<SpinNode> spin() {
        const std::size_t start = i_;
        if (depth_ >= kMaxSpinDepth) {
            fail(start, "spintax is nested more than " + std::to_string(kMaxSpinDepth) + " levels deep");
            return std::nullopt;
        }
        ++depth_;
        ++i_;
        SpinNode node;
        node.position = static_cast<std::uint32_t>(start);
        for (;;) {
            node.options.push_back(sequence(true));
            if (error_) return std::nullopt;
            if (i_ >= src_.size()) {
                fail(start,
                     "this { is never closed with }: spintax looks like {Hi|Hello}; write \\{ for a literal "
                     "brace");
                return std::nullopt;
            }
            const char c = src_[i_++];
            if (c == '}') break;  // otherwise a |: the next option follows
        }
        --depth_;
        ++groups_;
        return node;
    }

    std::optional<VariableNode> variable() {
        const std::size_t start = i_;
        std::size_t close = start + 2;
        for (;;) {
            if (close >= src_.size() || src_[close] == '\n') {
                fail(start, "this {{ is never closed with }} on its line");
                return std::nullopt;
            }
            if (src_[close] == '\\' && close + 1 < src_.size() && escapable(src_[close + 1])) {
                close += 2;
            } else if (src_[close] == '}' && close + 1 < src_.size() && src_[close + 1] == '}') {
                break;
            } else {
                ++close;
            }
        }
        i_ = close + 2;

        // {{ name : filter | fallback }}: the name ends at the first : or |, the filter at the first |.
        const std::size_t name_begin = start + 2;
        std::size_t name_end = name_begin;
        while (name_end < close && src_[name_end] != ':' && src_[name_end] != '|') {
            const char c = src_[name_end];
            if (c == '{' || c == '}' || c == '\\') {
                fail(name_end, std::string("a variable name cannot hold ") + c +
                                   "; names are letters, digits, _ and spaces, like {{first_name}}");
                return std::nullopt;
            }
            ++name_end;
        }
        VariableNode node;
        node.name = ascii_lower(trim(src_.substr(name_begin, name_end - name_begin)));
        if (node.name.empty()) {
            fail(skip_blanks(src_, name_begin), "a variable needs a name, like {{name}}");
            return std::nullopt;
        }
        std::size_t at = name_end;
        if (at < close && src_[at] == ':') {
            const std::size_t filter_begin = at + 1;
            std::size_t filter_end = filter_begin;
            while (filter_end < close && src_[filter_end] != '|') ++filter_end;
            const std::string filter = trim(src_.substr(filter_begin, filter_end - filter_begin));
            const std::size_t filter_at = skip_blanks(src_, filter_begin);
            if (is_date_builtin(node.name)) {
                node.shift = parse_shift(filter);
                if (!node.shift) {
                    fail(filter_at, "\"" + filter +
                                        "\" is not a date offset; write a sign, a number and d, w, m or y, "
                                        "like {{date:+3d}} or {{date:-1m}}");
                    return std::nullopt;
                }
            } else if (auto known = parse_filter(ascii_lower(filter))) {
                node.filter = *known;
            } else {
                fail(filter_at, "unknown filter \"" + filter + "\"; the filters are upper, lower and title");
                return std::nullopt;
            }
            at = filter_end;
        }
        if (at < close && src_[at] == '|') {
            std::string fallback;
            for (std::size_t k = at + 1; k < close; ++k) {
                if (src_[k] == '\\' && k + 1 < close && escapable(src_[k + 1])) {
                    fallback += src_[++k];
                } else if (src_[k] == '{' && k + 1 < close && src_[k + 1] == '{') {
                    fail(k, "a fallback is plain text and cannot hold another {{variable}}");
                    return std::nullopt;
                } else {
                    fallback += src_[k];
                }
            }
            node.fallback = std::move(fallback);
        }
        return node;
    }

    std::string_view src_;
    std::size_t i_ = 0;
    int depth_ = 0;
    std::size_t groups_ = 0;
    std::optional<TemplateError> error_;
};

}  // namespace

std::string TemplateError::message() const {
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + reason;
}

std::variant<Template, TemplateError> Template::parse(std::string_view source) {
    Template parsed;
    Parser parser(source);
    if (auto error = parser.run(parsed.nodes_, parsed.spin_groups_)) return *error;
    return parsed;
}

}  // namespace wagw::tmpl
