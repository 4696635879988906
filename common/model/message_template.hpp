#pragma once
// A stored message template (POST /api/templates): a name, the body in the template language of
// common/template/template.hpp and, for media templates, the media_id of the file the body is the caption of.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace wagw::model {

struct MessageTemplate {
    std::string id;  // tpl_ + 16 hex
    std::string name;
    std::string body;
    std::string media_id;         // empty: a text template
    std::int64_t created_at = 0;  // unix ms
    std::int64_t updated_at = 0;
};

// {"id","name","body","media_id"|null,"variables":[...],"spintax",created_at,updated_at}; variables and
// spintax are read from the body, so that editors can show which fields a template needs.
nlohmann::json to_json(const MessageTemplate& tpl);

}  // namespace wagw::model
