#include "backend/wa/binary/debug_print.hpp"

#include <cstdint>
#include <cstdio>

#include "backend/wa/binary/log_text.hpp"

namespace wagw::wa::binary {
namespace {

constexpr std::size_t kFingerprintMinBytes = 16;

std::uint32_t fnv1a(const Bytes& bytes) {
    std::uint32_t hash = 2166136261u;
    for (std::uint8_t b : bytes) hash = (hash ^ b) * 16777619u;
    return hash;
}

class Printer {
public:
    explicit Printer(const DebugPrintOptions& options) : options_(options) {}

    void node(const Node& node, std::size_t depth) {
        indent(depth);
        out_ += "<";
        append_log_text(out_, node.tag, options_.max_text);
        for (const auto& attribute : node.attrs) {
            out_ += " ";
            append_log_text(out_, attribute.key, options_.max_text);
            out_ += "=\"";
            if (const auto* jid = std::get_if<Jid>(&attribute.value)) {
                append_log_text(out_, jid->to_string(), options_.max_text);
            } else {
                append_log_text(out_, std::get<std::string>(attribute.value), options_.max_text);
            }
            out_ += "\"";
        }
        if (std::holds_alternative<std::monostate>(node.content)) {
            out_ += "/>";
            return;
        }
        out_ += ">";
        if (const auto* children = node.children()) {
            this->children(*children, depth);
            if (!children->empty()) indent(depth);
        } else if (const auto* bytes = node.bytes()) {
            out_ += "[" + std::to_string(bytes->size()) + " bytes";
            if (bytes->size() >= kFingerprintMinBytes) {
                char fingerprint[16];
                std::snprintf(fingerprint, sizeof fingerprint, " fnv:%08x", fnv1a(*bytes));
                out_ += fingerprint;
            }
            out_ += "]";
        } else if (const auto* jid = std::get_if<Jid>(&node.content)) {
            append_log_text(out_, jid->to_string(), options_.max_text);
        } else {
            append_log_text(out_, std::get<std::string>(node.content), options_.max_text);
        }
        out_ += "</";
        append_log_text(out_, node.tag, options_.max_text);
        out_ += ">";
    }

    std::string take() && { return std::move(out_); }

private:
    void children(const Children& children, std::size_t depth) {
        if (depth + 1 > options_.max_depth && !children.empty()) {
            indent(depth + 1);
            out_ += "<!-- " + std::to_string(children.size()) + " children deeper than the print limit -->";
            return;
        }
        const std::size_t shown = std::min(children.size(), options_.max_children);
        for (std::size_t i = 0; i < shown; ++i) node(children[i], depth + 1);
        if (shown < children.size()) {
            indent(depth + 1);
            out_ += "<!-- " + std::to_string(children.size() - shown) + " more -->";
        }
    }

    void indent(std::size_t depth) {
        if (!options_.multiline || out_.empty()) return;
        out_ += "\n";
        out_.append(depth * 2, ' ');
    }

    const DebugPrintOptions& options_;
    std::string out_;
};

}  // namespace

std::string to_debug_string(const Node& node, const DebugPrintOptions& options) {
    Printer printer(options);
    printer.node(node, 0);
    return std::move(printer).take();
}

}  // namespace wagw::wa::binary
