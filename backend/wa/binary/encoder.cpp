#include "backend/wa/binary/encoder.hpp"

#include <cstdint>
#include <limits>

#include "backend/wa/binary/log_text.hpp"
#include "backend/wa/binary/packed_string.hpp"
#include "backend/wa/binary/token_table.hpp"
#include "backend/wa/binary/wire_tags.hpp"

namespace wagw::wa::binary {
namespace {

Error unencodable(std::string message) {
    return Error{"binary_unencodable", std::move(message)};
}

class Writer {
public:
    Writer(const TokenDictionary& dictionary, const CodecLimits& limits) : dictionary_(dictionary), limits_(limits) {}

    Status node(const Node& node, std::size_t depth) {
        if (depth > limits_.max_depth) {
            return unencodable("nodes nest deeper than " + std::to_string(limits_.max_depth) + " levels");
        }
        if (node.tag.empty()) return unencodable("a node has an empty tag");
        const bool has_content = !std::holds_alternative<std::monostate>(node.content);
        const std::size_t items = 1 + 2 * node.attrs.size() + (has_content ? 1 : 0);
        if (auto status = list_start(items, node.tag); !status) return status;
        if (auto status = string(node.tag); !status) return status;
        for (const auto& attribute : node.attrs) {
            if (attribute.key.empty())
                return unencodable("<" + log_text(node.tag) + "> has an attribute with an empty name");
            if (auto status = string(attribute.key); !status) return status;
            if (const auto* text = std::get_if<std::string>(&attribute.value)) {
                if (auto status = string(*text); !status) return status;
            } else if (auto status = jid(std::get<Jid>(attribute.value)); !status) {
                return Error{status.error().code, "<" + log_text(node.tag) + " " + log_text(attribute.key) +
                                                      ">: " + status.error().message};
            }
        }
        return content(node, depth);
    }

    Bytes take() && { return std::move(out_); }

private:
    Status content(const Node& node, std::size_t depth) {
        return std::visit(
            [&](const auto& value) -> Status {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    return ok_status();
                } else if constexpr (std::is_same_v<T, Bytes>) {
                    return raw(value.data(), value.size());
                } else if constexpr (std::is_same_v<T, std::string>) {
                    return string(value);
                } else if constexpr (std::is_same_v<T, Jid>) {
                    return jid(value);
                } else {
                    if (auto status = list_start(value.size(), node.tag); !status) return status;
                    for (const auto& child : value) {
                        if (auto status = this->node(child, depth + 1); !status) return status;
                    }
                    return ok_status();
                }
            },
            node.content);
    }

    Status list_start(std::size_t size, const std::string& tag) {
        if (size == 0) {
            out_.push_back(wire::kListEmpty);
        } else if (size < 256) {
            out_.push_back(wire::kList8);
            out_.push_back(static_cast<std::uint8_t>(size));
        } else if (size <= 0xFFFF) {
            out_.push_back(wire::kList16);
            push_be(size, 2);
        } else {
            return unencodable("<" + log_text(tag) + "> needs a list of " + std::to_string(size) +
                               " items; LIST_16 holds 65535");
        }
        return ok_status();
    }

    Status string(std::string_view text) {
        if (text.empty()) return raw(nullptr, 0);  // Baileys' choice; whatsmeow would nibble-pack it
        if (auto token = dictionary_.find_token(text)) {
            if (token->dictionary)
                out_.push_back(static_cast<std::uint8_t>(wire::kDictionary0 + *token->dictionary));
            out_.push_back(token->index);
            return ok_status();
        }
        if (auto kind = packing_for(text)) {
            append_packed(out_, text, *kind);
            return ok_status();
        }
        return raw(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    }

    Status raw(const std::uint8_t* data, std::size_t size) {
        if (size < 256) {
            out_.push_back(wire::kBinary8);
            out_.push_back(static_cast<std::uint8_t>(size));
        } else if (size < (std::size_t{1} << 20)) {
            out_.push_back(wire::kBinary20);
            push_be(size, 3);
        } else if (size <= std::numeric_limits<std::uint32_t>::max()) {
            out_.push_back(wire::kBinary32);
            push_be(size, 4);
        } else {
            return unencodable("a byte string of " + std::to_string(size) + " bytes does not fit BINARY_32");
        }
        if (size != 0) out_.insert(out_.end(), data, data + size);
        return ok_status();
    }

    Status jid(const Jid& jid) {
        if (jid.empty()) return unencodable("a JID has no server");
        if (!jid.device_fits_wire_form()) {
            return unencodable("JID " + log_text(jid.to_string()) + ": server " + log_text(jid.server) +
                               " cannot carry a device or agent");
        }
        switch (jid.wire_form()) {
            case JidWireForm::ad: {
                const std::uint16_t device = jid.device.value_or(0);
                if (device > 0xFF) {
                    return unencodable("JID " + log_text(jid.to_string()) +
                                       ": AD_JID has one byte for the device");
                }
                out_.push_back(wire::kAdJid);
                out_.push_back(jid.domain_type());
                out_.push_back(static_cast<std::uint8_t>(device));
                return string(jid.user);
            }
            case JidWireForm::fb:
                out_.push_back(wire::kFbJid);
                if (auto status = string(jid.user); !status) return status;
                push_be(jid.device.value_or(0), 2);
                return string(jid.server);
            case JidWireForm::interop:
                out_.push_back(wire::kInteropJid);
                if (auto status = string(jid.user); !status) return status;
                push_be(jid.device.value_or(0), 2);
                push_be(jid.integrator, 2);
                return string(jid.server);
            case JidWireForm::pair:
                out_.push_back(wire::kJidPair);
                if (jid.user.empty()) {
                    out_.push_back(wire::kListEmpty);
                } else if (auto status = string(jid.user); !status) {
                    return status;
                }
                return string(jid.server);
        }
        return unencodable("a JID has an unknown wire form");
    }

    void push_be(std::size_t value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
            out_.push_back(static_cast<std::uint8_t>(value >> shift));
    }

    const TokenDictionary& dictionary_;
    const CodecLimits& limits_;
    Bytes out_;
};

}  // namespace

Result<Bytes> encode_node(const Node& node, const CodecLimits& limits) {
    return encode_node(node, token_dictionary_v3(), limits);
}

Result<Bytes> encode_node(const Node& node, const TokenDictionary& dictionary, const CodecLimits& limits) {
    Writer writer(dictionary, limits);
    if (auto status = writer.node(node, 1); !status) return status.error();
    return std::move(writer).take();
}

}  // namespace wagw::wa::binary
