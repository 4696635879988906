#include "backend/api/key_routes.hpp"

#include "common/util/json_fields.hpp"

namespace wagw::api {
namespace {

PlainReply bad(std::string code, std::string message, std::string field = {}) {
    return PlainReply::error({400, {std::move(code), std::move(message)}, std::move(field)});
}

// {"name","scopes":[...],"sessions"?:[...]}; the reply names the field at fault.
std::variant<services::NewApiKey, PlainReply> parse_new_key(const std::string& body) {
    auto json = json_fields::parse(body);
    if (!json) return bad(json.error().code, json.error().message);
    if (!json->is_object()) return bad("invalid_json", "the body must be a JSON object");
    services::NewApiKey key;
    auto name = json_fields::string_at(*json, "name");
    if (!name) return bad(name.error().code, name.error().message, "name");
    key.name = std::move(*name);
    auto scopes = json_fields::strings_at(*json, "scopes");
    if (!scopes) return bad(scopes.error().code, scopes.error().message, "scopes");
    key.scopes = std::move(*scopes);
    if (json_fields::has(*json, "sessions") && !json->at("sessions").is_null()) {
        auto sessions = json_fields::strings_at(*json, "sessions");
        if (!sessions) return bad(sessions.error().code, sessions.error().message, "sessions");
        key.sessions = std::move(*sessions);
    }
    return key;
}

}  // namespace

void KeyRoutes::handle(RouteId id, const PlainRequest& request, const Respond& respond) {
    switch (id) {
        case RouteId::KeyCreate: {
            auto parsed = parse_new_key(request.body);
            if (auto* reply = std::get_if<PlainReply>(&parsed)) return respond(std::move(*reply));
            const auto& wanted = std::get<services::NewApiKey>(parsed);
            if (auto wrong = keys_.check(wanted))
                return respond(bad(wrong->error.code, wrong->error.message, wrong->field));
            auto created = keys_.create(wanted);
            if (!created)
                return respond(PlainReply::error(model::ApiError::internal(created.error().message)));
            nlohmann::json body = services::to_json(created->info);
            body["key"] = created->key;
            body["note"] = "shown once: only a hash of this key is kept";
            return respond({201, std::move(body), {}, {}});
        }
        case RouteId::KeyList: {
            nlohmann::json keys = nlohmann::json::array();
            for (const services::ApiKeyInfo& key : keys_.list()) keys.push_back(services::to_json(key));
            return respond({200, {{"keys", std::move(keys)}}, {}, {}});
        }
        case RouteId::KeyDelete: {
            auto it = request.params.find("id");
            const std::string key_id = it == request.params.end() ? std::string() : it->second;
            auto removed = keys_.remove(key_id);
            if (!removed && removed.error().code == "not_found")
                return respond(PlainReply::error({404, removed.error(), "id"}));
            if (!removed)
                return respond(PlainReply::error(model::ApiError::internal(removed.error().message)));
            return respond({200, {{"deleted", true}, {"id", key_id}}, {}, {}});
        }
        default:
            return respond(PlainReply::error(model::ApiError::not_found("no such route")));
    }
}

}  // namespace wagw::api
