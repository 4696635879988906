#include "backend/wa/binary/decoder.hpp"

#include <algorithm>

#include "backend/wa/binary/log_text.hpp"
#include "backend/wa/binary/packed_string.hpp"
#include "backend/wa/binary/token_table.hpp"
#include "backend/wa/binary/utf8.hpp"
#include "backend/wa/binary/wire_tags.hpp"

namespace wagw::wa::binary {
namespace {

using wire::describe_tag;

bool is_list_tag(std::uint8_t tag) {
    return tag == wire::kListEmpty || tag == wire::kList8 || tag == wire::kList16;
}
bool is_binary_tag(std::uint8_t tag) {
    return tag == wire::kBinary8 || tag == wire::kBinary20 || tag == wire::kBinary32;
}
bool is_jid_tag(std::uint8_t tag) {
    return tag == wire::kJidPair || tag == wire::kAdJid || tag == wire::kFbJid || tag == wire::kInteropJid;
}

class Reader {
public:
    Reader(ByteView data, const TokenDictionary& dictionary, const CodecLimits& limits)
        : data_(data), dictionary_(dictionary), limits_(limits) {}

    Result<Node> node(std::size_t depth) {
        if (depth > limits_.max_depth) {
            return fail("binary_too_deep",
                        "nodes nest deeper than " + std::to_string(limits_.max_depth) + " levels");
        }
        if (++nodes_ > limits_.max_nodes) {
            return fail("binary_too_many_nodes",
                        "more than " + std::to_string(limits_.max_nodes) + " nodes in one stanza");
        }
        const std::size_t start = pos_;
        auto header = byte("a node's list header");
        if (!header) return header.error();
        auto size = list_size(*header, "a node");
        if (!size) return size.error();
        if (*size == 0) return fail_at(start, "binary_malformed", "a node is an empty list");

        Node node;
        auto tag = string_item("the node tag");
        if (!tag) return tag.error();
        if (tag->empty()) return fail_at(start, "binary_malformed", "a node has an empty tag");
        node.tag = std::move(*tag);
        // Errors below name this node; the caller's context comes back when we return.
        const std::string* outer_tag = context_tag_;
        context_tag_ = &node.tag;
        auto body = node_body(node, *size, depth);
        context_tag_ = outer_tag;
        if (!body) return body.error();
        return node;
    }

    std::size_t position() const { return pos_; }

private:
    Status node_body(Node& node, std::size_t size, std::size_t depth) {
        const std::size_t attribute_count = (size - 1) / 2;
        attributes_ += attribute_count;
        if (attributes_ > limits_.max_attributes) {
            return fail("binary_too_many_attributes",
                        "more than " + std::to_string(limits_.max_attributes) + " attributes in one stanza");
        }
        node.attrs.reserve(std::min(attribute_count, remaining() / 2));
        for (std::size_t i = 0; i < attribute_count; ++i) {
            auto key = string_item("an attribute name");
            if (!key) return key.error();
            if (key->empty()) return fail("binary_malformed", "an attribute has an empty name");
            context_key_ = &*key;
            auto value = value_item("an attribute value");
            context_key_ = nullptr;
            if (!value) return value.error();
            node.attrs.push_back(Attribute{std::move(*key), std::move(*value)});
        }
        if (size % 2 == 0) {
            auto content = this->content(depth);
            if (!content) return content.error();
            node.content = std::move(*content);
        }
        return ok_status();
    }

    Result<Content> content(std::size_t depth) {
        auto item_tag = byte("the content");
        if (!item_tag) return item_tag.error();
        if (is_list_tag(*item_tag)) {
            auto size = list_size(*item_tag, "the children");
            if (!size) return size.error();
            Children children;
            children.reserve(std::min(*size, remaining() / 2));  // each child takes at least two bytes
            for (std::size_t i = 0; i < *size; ++i) {
                auto child = node(depth + 1);
                if (!child) return child.error();
                children.push_back(std::move(*child));
            }
            return Content{std::move(children)};
        }
        if (is_binary_tag(*item_tag)) {
            auto bytes = binary(*item_tag, "the content");
            if (!bytes) return bytes.error();
            return Content{Bytes(bytes->begin(), bytes->end())};
        }
        auto value = value_from_tag(*item_tag, "the content");
        if (!value) return value.error();
        if (auto* jid = std::get_if<Jid>(&*value)) return Content{std::move(*jid)};
        return Content{std::get<std::string>(std::move(*value))};
    }

    // Attribute values and text content: a string or a JID.
    Result<AttrValue> value_item(std::string_view what) {
        auto tag = byte(what);
        if (!tag) return tag.error();
        return value_from_tag(*tag, what);
    }

    Result<AttrValue> value_from_tag(std::uint8_t tag, std::string_view what) {
        if (is_jid_tag(tag)) {
            auto jid = this->jid(tag, what);
            if (!jid) return jid.error();
            return AttrValue{std::move(*jid)};
        }
        auto text = string_from_tag(tag, what);
        if (!text) return text.error();
        return AttrValue{std::move(*text)};
    }

    // Tags, attribute names and JID parts: plain strings only.
    Result<std::string> string_item(std::string_view what) {
        auto tag = byte(what);
        if (!tag) return tag.error();
        return string_from_tag(*tag, what);
    }

    Result<std::string> string_from_tag(std::uint8_t tag, std::string_view what) {
        const std::size_t start = pos_ - 1;
        if (tag == wire::kListEmpty) return std::string();  // the wire's "null" string
        if (auto token = dictionary_.single_byte_token(tag)) return std::string(*token);
        if (tag >= wire::kDictionary0 && tag <= wire::kDictionary3) {
            auto index = byte("a dictionary token index");
            if (!index) return index.error();
            return std::string(
                *dictionary_.double_byte_token(static_cast<std::uint8_t>(tag - wire::kDictionary0), *index));
        }
        if (tag == wire::kNibble8 || tag == wire::kHex8) {
            auto length = byte("a packed string's length");
            if (!length) return length.error();
            auto packed = take(*length & 0x7F, "a packed string");
            if (!packed) return packed.error();
            auto text =
                unpack(tag == wire::kNibble8 ? PackedKind::nibble : PackedKind::hex, *length, *packed);
            if (!text)
                return fail_at(start, text.error().code,
                               text.error().message + " (" + std::string(what) + ")");
            return std::move(*text);
        }
        if (is_binary_tag(tag)) {
            auto bytes = binary(tag, what);
            if (!bytes) return bytes.error();
            return std::string(bytes->begin(), bytes->end());
        }
        return fail_at(start, "binary_malformed",
                       "expected a string for " + std::string(what) + ", found " + describe_tag(tag));
    }

    Result<ByteView> binary(std::uint8_t tag, std::string_view what) {
        std::size_t length = 0;
        if (tag == wire::kBinary8) {
            auto n = byte("a BINARY_8 length");
            if (!n) return n.error();
            length = *n;
        } else {
            auto n = big_endian(tag == wire::kBinary20 ? 3 : 4, "a binary length");
            if (!n) return n.error();
            length = tag == wire::kBinary20 ? (*n & 0xFFFFF) : *n;
        }
        if (length > limits_.max_payload_bytes) {
            return fail("binary_too_large", std::string(what) + " claims " + std::to_string(length) +
                                                " bytes, above the limit of " +
                                                std::to_string(limits_.max_payload_bytes));
        }
        return take(length, what);
    }

    Result<Jid> jid(std::uint8_t tag, std::string_view what) {
        const std::size_t start = pos_ - 1;
        Jid jid;
        if (tag == wire::kJidPair) {
            auto user = string_item("the user of a JID_PAIR");
            if (!user) return user.error();
            auto server = string_item("the server of a JID_PAIR");
            if (!server) return server.error();
            if (server->empty())
                return fail_at(start, "binary_malformed",
                               "JID_PAIR in " + std::string(what) + " has no server");
            jid = Jid{std::move(*user), std::move(*server)};
        } else if (tag == wire::kAdJid) {
            auto domain = byte("an AD_JID domain type");
            if (!domain) return domain.error();
            auto device = byte("an AD_JID device");
            if (!device) return device.error();
            auto user = string_item("the user of an AD_JID");
            if (!user) return user.error();
            jid = jid_from_ad(*domain, *device, std::move(*user));
        } else {
            const bool interop = tag == wire::kInteropJid;
            auto user = string_item(interop ? "the user of an INTEROP_JID" : "the user of an FB_JID");
            if (!user) return user.error();
            auto device = big_endian(2, "a JID device");
            if (!device) return device.error();
            jid.user = std::move(*user);
            jid.device = static_cast<std::uint16_t>(*device);
            if (interop) {
                auto integrator = big_endian(2, "an INTEROP_JID integrator");
                if (!integrator) return integrator.error();
                jid.integrator = static_cast<std::uint16_t>(*integrator);
            }
            auto server = string_item("the server of a JID");
            if (!server) return server.error();
            const std::string_view expected = interop ? servers::kInterop : servers::kMessenger;
            if (*server != expected) {
                return fail_at(start, "binary_malformed",
                               describe_tag(tag) + " in " + std::string(what) + " must have server " +
                                   std::string(expected));
            }
            jid.server = std::move(*server);
        }
        if (!is_valid_utf8(jid.user) || !is_valid_utf8(jid.server)) {
            return fail_at(start, "binary_malformed",
                           "a JID in " + std::string(what) + " is not valid UTF-8");
        }
        return jid;
    }

    Result<std::size_t> list_size(std::uint8_t tag, std::string_view what) {
        if (tag == wire::kListEmpty) return std::size_t{0};
        if (tag == wire::kList8) {
            auto n = byte("a LIST_8 size");
            if (!n) return n.error();
            return std::size_t{*n};
        }
        if (tag == wire::kList16) {
            auto n = big_endian(2, "a LIST_16 size");
            if (!n) return n.error();
            return std::size_t{*n};
        }
        return fail_at(pos_ - 1, "binary_malformed",
                       "expected a list for " + std::string(what) + ", found " + describe_tag(tag));
    }

    Result<std::uint8_t> byte(std::string_view what) {
        if (remaining() < 1) return truncated(1, what);
        return data_[pos_++];
    }

    Result<std::uint32_t> big_endian(int bytes, std::string_view what) {
        if (remaining() < static_cast<std::size_t>(bytes))
            return truncated(static_cast<std::size_t>(bytes), what);
        std::uint32_t value = 0;
        for (int i = 0; i < bytes; ++i) value = value << 8 | data_[pos_++];
        return value;
    }

    Result<ByteView> take(std::size_t length, std::string_view what) {
        if (remaining() < length) return truncated(length, what);
        ByteView view = data_.subspan(pos_, length);
        pos_ += length;
        return view;
    }

    std::size_t remaining() const { return data_.size() - pos_; }

    Error truncated(std::size_t wanted, std::string_view what) const {
        return fail("binary_truncated", "input ends inside " + std::string(what) + ": needs " +
                                            std::to_string(wanted) + " byte(s), " +
                                            std::to_string(remaining()) + " left");
    }
    Error fail(std::string code, const std::string& message) const {
        return fail_at(pos_, std::move(code), message);
    }
    Error fail_at(std::size_t offset, std::string code, const std::string& message) const {
        std::string where = "WABinary at byte " + std::to_string(offset);
        if (context_tag_ != nullptr) where += " in <" + log_text(*context_tag_) + ">";
        if (context_key_ != nullptr) where += " attribute \"" + log_text(*context_key_) + "\"";
        return Error{std::move(code), where + ": " + message};
    }

    ByteView data_;
    const TokenDictionary& dictionary_;
    const CodecLimits& limits_;
    std::size_t pos_ = 0;
    std::size_t nodes_ = 0;                     // read so far, against limits_.max_nodes
    std::size_t attributes_ = 0;                // announced so far, against limits_.max_attributes
    const std::string* context_tag_ = nullptr;  // the innermost node being read, for error messages
    const std::string* context_key_ = nullptr;  // the attribute whose value is being read
};

}  // namespace

Result<Node> decode_node(ByteView body, const CodecLimits& limits) {
    return decode_node(body, token_dictionary_v3(), limits);
}

Result<Node> decode_node(ByteView body, const TokenDictionary& dictionary, const CodecLimits& limits) {
    if (body.size() > limits.max_payload_bytes) {
        return Error{"binary_too_large", "WABinary node of " + std::to_string(body.size()) +
                                             " bytes is above the limit of " +
                                             std::to_string(limits.max_payload_bytes)};
    }
    Reader reader(body, dictionary, limits);
    auto node = reader.node(1);
    if (!node) return node.error();
    if (reader.position() != body.size()) {
        return Error{"binary_trailing_bytes", "WABinary at byte " + std::to_string(reader.position()) + ": " +
                                                  std::to_string(body.size() - reader.position()) +
                                                  " byte(s) left after the node"};
    }
    return node;
}

}  // namespace wagw::wa::binary
