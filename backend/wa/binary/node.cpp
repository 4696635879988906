#include "backend/wa/binary/node.hpp"

namespace wagw::wa::binary {

const AttrValue* Node::attr(std::string_view key) const {
    for (const auto& attribute : attrs) {
        if (attribute.key == key) return &attribute.value;
    }
    return nullptr;
}

const std::string* Node::attr_text(std::string_view key) const {
    const AttrValue* value = attr(key);
    return value != nullptr ? std::get_if<std::string>(value) : nullptr;
}

const Jid* Node::attr_jid(std::string_view key) const {
    const AttrValue* value = attr(key);
    return value != nullptr ? std::get_if<Jid>(value) : nullptr;
}

const Node* Node::child(std::string_view tag) const {
    if (const Children* list = children()) {
        for (const auto& node : *list) {
            if (node.tag == tag) return &node;
        }
    }
    return nullptr;
}

}  // namespace wagw::wa::binary
