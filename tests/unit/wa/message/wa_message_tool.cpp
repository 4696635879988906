// Content as JSON <-> Message protobuf bytes (base64), for the interop test with Baileys.
//   wa_message_tool encode 'JSON'   -> {"message": base64}
//   wa_message_tool decode BASE64   -> JSON content (+ device_sent_to, sender_key_group)

#include <iostream>
#include <stdexcept>
#include <nlohmann/json.hpp>

#include "backend/wa/message/message_codec.hpp"
#include "common/util/base64.hpp"


using namespace wagw::wa::message;
using Json = nlohmann::json;
using wagw::wa::media::MediaKind;

namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};

std::string b64(const Bytes& bytes) { return wagw::util::base64_encode(bytes); }

// The node test only hands us base64 it made; anything else is a broken test, so it stops here.
Bytes unb64(const std::string& text) {
    auto bytes = wagw::util::base64_decode(text);
    if (!bytes) throw std::runtime_error(bytes.error().message);
    return Bytes(bytes->begin(), bytes->end());
}

Json ref_json(const MessageRef& r) { return {{"chat", r.chat}, {"id", r.id}, {"from_me", r.from_me}, {"participant", r.participant}}; }
MessageRef ref_from(const Json& j) {
    return {j.value("chat", ""), j.value("id", ""), j.value("from_me", false), j.value("participant", "")};
}

std::optional<Reply> reply_from(const Json& j) {
    if (!j.contains("reply")) return std::nullopt;
    return Reply{ref_from(j["reply"]), j["reply"].value("quoted_text", "")};
}

Content content_from(const Json& j) {
    const std::string kind = j.at("kind");
    if (kind == "text") {
        return Text{j.at("text"), reply_from(j), j.value("mentions", std::vector<std::string>{}), {}, {}};
    }
    if (auto media_kind = wagw::wa::media::media_kind_from_name(kind == "voice_note" ? "audio" : kind)) {
        Media m;
        m.kind = *media_kind;
        m.voice_note = kind == "voice_note";
        m.mimetype = j.value("mimetype", "");
        m.caption = j.value("caption", "");
        m.file_name = j.value("file_name", "");
        m.url = j.value("url", "");
        m.direct_path = j.value("direct_path", "");
        m.media_key = unb64(j.value("media_key", ""));
        m.file_sha256 = unb64(j.value("file_sha256", ""));
        m.file_enc_sha256 = unb64(j.value("file_enc_sha256", ""));
        m.file_length = j.value("file_length", 0u);
        m.seconds = j.value("seconds", 0u);
        m.reply = reply_from(j);
        return m;
    }
    if (kind == "location") return Location{j.at("latitude"), j.at("longitude"), j.value("name", ""), j.value("address", "")};
    if (kind == "contact") return ContactCard{j.at("display_name"), j.at("vcard")};
    if (kind == "reaction") return Reaction{ref_from(j.at("target")), j.at("emoji"), j.value("sent_at_ms", 0)};
    if (kind == "edit") return Edit{ref_from(j.at("target")), j.at("text"), j.value("edited_at_ms", 0)};
    if (kind == "revoke") return Revoke{ref_from(j.at("target"))};
    if (kind == "poll") return Poll{j.at("question"), j.at("options"), j.value("selectable_count", 1u)};
    return Unsupported{kind};
}

Json content_json(const Content& content) {
    Json out = std::visit(
        Overloaded{
            [](const Text& t) {
                Json j{{"text", t.text}, {"mentions", t.mentions}};
                if (t.reply) j["reply"] = ref_json(t.reply->quoted), j["reply"]["quoted_text"] = t.reply->quoted_text;
                return j;
            },
            [](const Media& m) {
                return Json{{"mimetype", m.mimetype},         {"caption", m.caption},
                            {"file_name", m.file_name},       {"url", m.url},
                            {"direct_path", m.direct_path},   {"media_key", b64(m.media_key)},
                            {"file_sha256", b64(m.file_sha256)}, {"file_enc_sha256", b64(m.file_enc_sha256)},
                            {"file_length", m.file_length},   {"seconds", m.seconds}};
            },
            [](const Location& l) {
                return Json{{"latitude", l.latitude}, {"longitude", l.longitude}, {"name", l.name}, {"address", l.address}};
            },
            [](const ContactCard& c) { return Json{{"display_name", c.display_name}, {"vcard", c.vcard}}; },
            [](const Reaction& r) { return Json{{"target", ref_json(r.target)}, {"emoji", r.emoji}}; },
            [](const Edit& e) { return Json{{"target", ref_json(e.target)}, {"text", e.text}}; },
            [](const Revoke& r) { return Json{{"target", ref_json(r.target)}}; },
            [](const Poll& p) {
                return Json{{"question", p.question}, {"options", p.options}, {"selectable_count", p.selectable_count}};
            },
            [](const Unsupported&) { return Json::object(); },
        },
        content);
    out["kind"] = content_kind(content);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) return 2;
    const std::string command = argv[1];
    if (command == "encode") {
        auto bytes = encode_message(content_from(Json::parse(argv[2])));
        if (!bytes) {
            std::cout << Json{{"error", bytes.error().code}}.dump() << "\n";
            return 1;
        }
        std::cout << Json{{"message", b64(*bytes)}}.dump() << "\n";
        return 0;
    }
    auto decoded = decode_message(unb64(argv[2]));
    if (!decoded) {
        std::cout << Json{{"error", decoded.error().code}}.dump() << "\n";
        return 1;
    }
    Json out = content_json(decoded->content);
    if (decoded->device_sent_to) out["device_sent_to"] = *decoded->device_sent_to;
    if (decoded->sender_key) out["sender_key_group"] = decoded->sender_key->group;
    std::cout << out.dump() << "\n";
    return 0;
}
