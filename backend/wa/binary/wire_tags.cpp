#include "backend/wa/binary/wire_tags.hpp"

#include <cstdio>

namespace wagw::wa::binary::wire {

std::string describe_tag(std::uint8_t tag) {
    const char* name = nullptr;
    switch (tag) {
        case kListEmpty:
            name = "LIST_EMPTY";
            break;
        case kInteropJid:
            name = "INTEROP_JID";
            break;
        case kFbJid:
            name = "FB_JID";
            break;
        case kAdJid:
            name = "AD_JID";
            break;
        case kList8:
            name = "LIST_8";
            break;
        case kList16:
            name = "LIST_16";
            break;
        case kJidPair:
            name = "JID_PAIR";
            break;
        case kHex8:
            name = "HEX_8";
            break;
        case kBinary8:
            name = "BINARY_8";
            break;
        case kBinary20:
            name = "BINARY_20";
            break;
        case kBinary32:
            name = "BINARY_32";
            break;
        case kNibble8:
            name = "NIBBLE_8";
            break;
        default:
            break;
    }
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", tag);
    if (name != nullptr) return std::string(name) + " (" + hex + ")";
    if (tag >= kDictionary0 && tag <= kDictionary3)
        return "DICTIONARY_" + std::to_string(tag - kDictionary0) + " (" + hex + ")";
    if (tag < kDictionary0) return "single-byte token " + std::to_string(tag);
    return std::string("unassigned tag ") + hex;
}

}  // namespace wagw::wa::binary::wire
