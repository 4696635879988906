// Template::render and the spintax choice. Rendering never fails: a missing variable without a fallback
// renders as nothing and is reported in Rendered::missing, so a campaign can decide to skip that recipient.
#include <algorithm>

#include "common/template/local_date.hpp"
#include "common/template/template.hpp"

namespace wagw::tmpl {
namespace {

// Case mapping for ASCII and Latin-1 letters (U+00C0..U+00FE: the accented letters of most Western European
// names); other scripts are left as they are, which is safer than guessing without Unicode tables.
std::string map_case(std::string_view text, bool to_upper_first, bool to_upper_rest, bool title) {
    std::string out;
    out.reserve(text.size());
    bool word_start = true;
    for (std::size_t k = 0; k < text.size(); ++k) {
        const unsigned char c = static_cast<unsigned char>(text[k]);
        const bool upper = title ? word_start : (word_start ? to_upper_first : to_upper_rest);
        if (c < 0x80) {
            char mapped = static_cast<char>(c);
            if (upper && c >= 'a' && c <= 'z') mapped = static_cast<char>(c - 32);
            if (!upper && c >= 'A' && c <= 'Z') mapped = static_cast<char>(c + 32);
            out += mapped;
            word_start = c == ' ' || c == '\t' || c == '\n' || c == '-';
            continue;
        }
        // Two-byte sequences C3 80..BE encode U+00C0..U+00FE; C3 97 and C3 B7 are the x and / signs.
        if (c == 0xC3 && k + 1 < text.size()) {
            unsigned char next = static_cast<unsigned char>(text[k + 1]);
            if (next != 0x97 && next != 0xB7 && next >= 0x80 && next <= 0xBE) {
                if (upper && next >= 0xA0 && next != 0xBF) next = static_cast<unsigned char>(next - 0x20);
                if (!upper && next >= 0x80 && next <= 0x9E && next != 0x9F)
                    next = static_cast<unsigned char>(next + 0x20);
            }
            out += static_cast<char>(c);
            out += static_cast<char>(next);
            ++k;
            word_start = false;
            continue;
        }
        out += static_cast<char>(c);
        if ((c & 0xC0) != 0x80) word_start = false;
    }
    return out;
}

std::string apply(Filter filter, std::string value) {
    switch (filter) {
        case Filter::None:
            return value;
        case Filter::Upper:
            return map_case(value, true, true, false);
        case Filter::Lower:
            return map_case(value, false, false, false);
        case Filter::Title:
            return map_case(value, true, false, true);
    }
    return value;
}

class Renderer {
public:
    explicit Renderer(const RenderContext& context) : context_(context) {}

    void nodes(const Nodes& list) {
        for (const Node& node : list) {
            if (auto* text = std::get_if<TextNode>(&node.value)) {
                out_.text += text->text;
            } else if (auto* variable = std::get_if<VariableNode>(&node.value)) {
                this->variable(*variable);
            } else {
                spin(std::get<SpinNode>(node.value));
            }
        }
    }

    Rendered take() { return std::move(out_); }

private:
    void variable(const VariableNode& node) {
        std::optional<std::string> value;
        if (node.name == "today" || node.name == "date") {
            value = local_date(context_.now_ms, context_.zone, node.shift);
        } else {
            value = context_.vars.find(node.name);
        }
        if (!value && node.fallback) value = node.fallback;
        if (!value) {
            if (std::find(out_.missing.begin(), out_.missing.end(), node.name) == out_.missing.end())
                out_.missing.push_back(node.name);
            return;
        }
        out_.text += apply(node.filter, std::move(*value));
    }

    void spin(const SpinNode& node) {
        const std::size_t choice =
            context_.recipient_key.empty()
                ? 0
                : spin_choice(context_.recipient_key, node.position, node.options.size());
        if (!out_.variant.empty()) out_.variant += '.';
        out_.variant += std::to_string(choice + 1);
        nodes(node.options[choice]);
    }

    const RenderContext& context_;
    Rendered out_;
};

// SplitMix64's finalizer: FNV-1a alone leaves the low bits of similar keys (phone numbers differing in
// one digit) correlated; this spreads every input bit over the whole word.
std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

}  // namespace

std::size_t spin_choice(std::string_view recipient_key, std::uint32_t position, std::size_t option_count) {
    if (option_count <= 1) return 0;
    std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64
    auto feed = [&hash](unsigned char byte) {
        hash ^= byte;
        hash *= 0x100000001b3ULL;
    };
    for (char c : recipient_key) feed(static_cast<unsigned char>(c));
    feed(0);  // a separator, so "ab"+1 and "a"+... never collide by concatenation
    for (int shift = 0; shift < 32; shift += 8) feed(static_cast<unsigned char>(position >> shift));
    return static_cast<std::size_t>(mix(hash) % option_count);
}

Rendered Template::render(const RenderContext& context) const {
    Renderer renderer(context);
    renderer.nodes(nodes_);
    return renderer.take();
}

std::vector<std::string> Template::variables() const {
    std::vector<std::string> names;
    auto walk = [&names](const Nodes& list, auto& self) -> void {
        for (const Node& node : list) {
            if (auto* variable = std::get_if<VariableNode>(&node.value)) {
                if (std::find(names.begin(), names.end(), variable->name) == names.end())
                    names.push_back(variable->name);
            } else if (auto* spin = std::get_if<SpinNode>(&node.value)) {
                for (const Nodes& option : spin->options) self(option, self);
            }
        }
    };
    walk(nodes_, walk);
    return names;
}

}  // namespace wagw::tmpl
