#include "common/model/message_template.hpp"

#include "common/template/template.hpp"

namespace wagw::model {

nlohmann::json to_json(const MessageTemplate& tpl) {
    nlohmann::json variables = nlohmann::json::array();
    bool spintax = false;
    auto parsed = tmpl::Template::parse(tpl.body);
    if (auto* valid = std::get_if<tmpl::Template>(&parsed)) {
        for (const auto& name : valid->variables()) variables.push_back(name);
        spintax = valid->has_spintax();
    }
    return {{"id", tpl.id},
            {"name", tpl.name},
            {"body", tpl.body},
            {"media_id", tpl.media_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(tpl.media_id)},
            {"variables", std::move(variables)},
            {"spintax", spintax},
            {"created_at", tpl.created_at},
            {"updated_at", tpl.updated_at}};
}

}  // namespace wagw::model
