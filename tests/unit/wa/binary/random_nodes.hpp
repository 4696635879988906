#pragma once
// A deterministic generator of varied nodes for round-trip and fuzz tests: every string class (tokens of both
// kinds, nibble, hex, raw UTF-8, empty), every JID kind, every content kind, lists past the LIST_8 boundary.
#include <cstdint>
#include <string>
#include <vector>

#include "backend/wa/binary/token_table.hpp"
#include "test_support.hpp"

namespace wagw::wa::binary::testing {

class RandomNodes {
public:
    explicit RandomNodes(std::uint32_t seed) : state_(seed * 747796405u + 2891336453u) {}
    // Token content drawn from `dictionary` (any of its tokens), for round trips under another dictionary
    // version; without it, a fixed list of version 3 tokens.
    RandomNodes(std::uint32_t seed, const TokenDictionary& dictionary) : RandomNodes(seed) {
        dictionary_ = &dictionary;
    }

    Node node(int depth = 0) {
        Node n;
        n.tag = pick({"iq", "message", "enc", "pair-success", "participants", "user", "ping", "x", "item",
                      "link_code_companion_reg", "receipt", "list"});
        const std::size_t attr_count = below(5);
        for (std::size_t i = 0; i < attr_count; ++i) {
            // Keys unique per node, as on the real wire.
            std::string key =
                pick({"id", "to", "from", "type", "t", "participant", "count", "v", "k-raw", "jid"}) +
                (i > 0 ? std::to_string(i) : "");
            if (below(3) == 0)
                n.attrs.push_back({key, random_jid()});
            else
                n.attrs.push_back({key, text()});
        }
        switch (below(depth >= 4 ? 4 : 5)) {
            case 0:
                break;
            case 1:
                n.content = pattern_bytes(byte_size(), static_cast<std::uint8_t>(next()));
                break;
            case 2:
                n.content = packable_text();
                break;
            case 3:
                n.content = random_jid();
                break;
            default: {
                Children children;
                const std::size_t count = below(8) == 0 ? 250 + below(20) : below(4);
                for (std::size_t i = 0; i < count; ++i) children.push_back(node(depth + 1));
                n.content = std::move(children);
            }
        }
        return n;
    }

    // Strings that decode back to strings when used as content: tokens and packed strings.
    std::string packable_text() {
        switch (below(4)) {
            case 0:
                if (dictionary_ != nullptr) return token_from_dictionary();
                return pick({"get", "set", "result", "pair-device", "skey", "failure", "active"});
            case 1:
                return digits(1 + below(127), true);
            case 2:
                return hex(1 + below(127));
            default:
                return digits(1 + below(20), false);
        }
    }

    std::string text() {
        switch (below(6)) {
            case 0:
                return "";
            case 1:
                return packable_text();
            case 2:
                return "h\xC3\xA9llo w\xC3\xB6rld \xF0\x9F\x91\x8B";
            case 3:
                return std::string(below(2) == 0 ? 255 : 256 + below(300), 'r');
            case 4:
                return "3eb0" + hex(6);  // lowercase prefix: raw
            default:
                return "Mixed-Case_" + std::to_string(next());
        }
    }

    Jid random_jid() {
        const char* forms[] = {"15551234567@s.whatsapp.net",
                               "15551234567:3@s.whatsapp.net",
                               "15551234567:0@s.whatsapp.net",
                               "15551234567.9:4@s.whatsapp.net",
                               "123456789012345@lid",
                               "123456789012345:12@lid",
                               "15551234567:7@hosted",
                               "123456789012345:2@hosted.lid",
                               "120363012345678901@g.us",
                               "15551234567-1600000000@g.us",
                               "status@broadcast",
                               "1600000000@broadcast",
                               "s.whatsapp.net",
                               "g.us",
                               "16505361212@c.us",
                               "120363123456789012@newsletter",
                               "867051314767696@bot",
                               "100012345678901:2@msgr",
                               "7-123456:2@interop"};
        return jid(forms[below(std::size(forms))]);
    }

    std::size_t below(std::size_t n) { return next() % n; }

private:
    std::string token_from_dictionary() {
        if (below(2) == 0)
            return std::string(*dictionary_->single_byte_token(static_cast<std::uint8_t>(1 + below(235))));
        return std::string(*dictionary_->double_byte_token(static_cast<std::uint8_t>(below(4)),
                                                           static_cast<std::uint8_t>(below(256))));
    }

    std::uint32_t next() {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        return state_;
    }

    std::string pick(std::initializer_list<const char*> options) {
        return *(options.begin() + below(options.size()));
    }

    std::string digits(std::size_t length, bool with_punctuation) {
        const char* alphabet = with_punctuation ? "0123456789-." : "0123456789";
        const std::size_t size = with_punctuation ? 12 : 10;
        std::string out;
        for (std::size_t i = 0; i < length; ++i) out.push_back(alphabet[below(size)]);
        return out;
    }

    std::string hex(std::size_t length) {
        std::string out;
        for (std::size_t i = 0; i < length; ++i) out.push_back("0123456789ABCDEF"[below(16)]);
        if (out.find_first_of("ABCDEF") == std::string::npos) out[0] = 'F';  // else it would be nibble-packed
        return out;
    }

    std::size_t byte_size() {
        switch (below(6)) {
            case 0:
                return 0;
            case 1:
                return 255;
            case 2:
                return 256;
            case 3:
                return 32;
            default:
                return below(600);
        }
    }

    std::uint32_t state_;
    const TokenDictionary* dictionary_ = nullptr;
};

}  // namespace wagw::wa::binary::testing
